using System.Linq.Expressions;

namespace CasPortal.Application.Sessions;

/// <summary>
/// Which browser a user agent names, from the tokens browsers put in it. The first token found decides: Edge and Opera
/// also say Chrome, and Chrome also says Safari. The sessions pages name browsers with it and the administrators'
/// browser filter matches with it, so the filter finds exactly the sessions the list names that way.
/// </summary>
public static class BrowserFamilies
{
    public static readonly IReadOnlyList<(string Token, string Name)> Tokens =
    [
        ("Edg/", "Edge"), ("EdgA/", "Edge"), ("EdgiOS/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("HeadlessChrome/", "Headless Chrome"), ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"), ("CriOS/", "Chrome"), ("Version/", "Safari"),
    ];

    /// <summary>The names a filter can choose, in the order of <see cref="Tokens"/>.</summary>
    public static readonly IReadOnlyList<string> Names = Tokens.Select(t => t.Name).Distinct().ToList();

    public static string? NameOf(string userAgent) =>
        Tokens.FirstOrDefault(t => userAgent.Contains(t.Token, StringComparison.Ordinal)).Name;

    /// <summary>
    /// "The first token found is one of this family's" as a database condition: one of its tokens is in the user agent
    /// and no other family's token listed before it is. Substring tests are ordinal on SQLite (instr) and PostgreSQL
    /// (strpos), as <see cref="NameOf"/> is.
    /// </summary>
    public static Expression<Func<PortalSession, bool>> Matches(string name)
    {
        var session = Expression.Parameter(typeof(PortalSession), "s");
        var userAgent = Expression.Property(session, nameof(PortalSession.UserAgent));
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        Expression Has(string token) => Expression.Call(userAgent, contains, Expression.Constant(token));

        Expression? any = null;
        for (var i = 0; i < Tokens.Count; i++)
        {
            if (Tokens[i].Name != name)
            {
                continue;
            }

            Expression first = Has(Tokens[i].Token);
            foreach (var earlier in Tokens.Take(i).Where(t => t.Name != name))
            {
                first = Expression.AndAlso(first, Expression.Not(Has(earlier.Token)));
            }

            any = any is null ? first : Expression.OrElse(any, first);
        }

        var known = Expression.NotEqual(userAgent, Expression.Constant(null, typeof(string)));
        return Expression.Lambda<Func<PortalSession, bool>>(
            Expression.AndAlso(known, any ?? Expression.Constant(false)), session);
    }
}
