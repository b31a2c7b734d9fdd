using System.Text.RegularExpressions;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// Which proxy chains a proxy ticket may come through (Cas:AllowedProxyChains, Cas:AcceptAnyProxy). A chain is the
/// <c>cas:proxies</c> list of a proxyValidate answer, most recent proxy first. Fails closed: an unknown chain, a chain
/// of another length, or a pattern that runs out of time is not allowed.
/// </summary>
internal static class ProxyChainPolicy
{
    /// <summary>A pattern that takes longer than this on one URL does not match.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private const RegexOptions PatternOptions = RegexOptions.CultureInvariant;

    /// <summary>
    /// True for an empty chain (a plain service ticket), for any chain under <see cref="CasOptions.AcceptAnyProxy"/>, and
    /// for a chain that one <see cref="CasOptions.AllowedProxyChains"/> entry matches element by element.
    /// </summary>
    public static bool IsAllowed(IReadOnlyList<string> proxies, CasOptions options)
    {
        ArgumentNullException.ThrowIfNull(proxies);
        ArgumentNullException.ThrowIfNull(options);

        if (proxies.Count == 0 || options.AcceptAnyProxy)
        {
            return true;
        }

        return options.AllowedProxyChains.Any(entry => Matches(Elements(entry), proxies));
    }

    /// <summary>The elements of one configured chain: split on whitespace, most recent proxy first.</summary>
    public static string[] Elements(string entry) =>
        (entry ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether <paramref name="element"/> is a regular expression (starts with '^') rather than an exact URL.</summary>
    public static bool IsPattern(string element) => element.StartsWith('^');

    /// <summary>Why a pattern element does not compile, or null when it does.</summary>
    public static string? PatternProblem(string element)
    {
        try
        {
            _ = new Regex(Anchored(element), PatternOptions, MatchTimeout);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    private static bool Matches(string[] allowed, IReadOnlyList<string> proxies)
    {
        if (allowed.Length != proxies.Count)
        {
            return false;
        }

        for (var i = 0; i < allowed.Length; i++)
        {
            if (!ElementMatches(allowed[i], proxies[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ElementMatches(string allowed, string proxy)
    {
        if (!IsPattern(allowed))
        {
            return string.Equals(allowed, proxy, StringComparison.Ordinal);
        }

        try
        {
            // The static method caches the parsed pattern.
            return Regex.IsMatch(proxy, Anchored(allowed), PatternOptions, MatchTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            // Start-up validation refuses such a pattern; should one get here, it matches nothing.
            return false;
        }
    }

    /// <summary>"^a|b" must match a whole URL, not a prefix of one alternative: \A(?:a|b)\z.</summary>
    private static string Anchored(string element) => $@"\A(?:{element[1..]})\z";
}
