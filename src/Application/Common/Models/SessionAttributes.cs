using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace CasPortal.Application.Common.Models;

/// <summary>
/// A session's CAS attributes, read from their stored form the first time something looks at them. The session check
/// runs on every signed-in request and most pages never look: only the profile shows them, and only an administrator
/// rule on an attribute (Portal:AdminAttribute) reads them for the navigation bar.
/// </summary>
public sealed class SessionAttributes : IReadOnlyDictionary<string, IReadOnlyList<string>>
{
    private readonly Lazy<Dictionary<string, List<string>>> _values;

    private SessionAttributes(Func<Dictionary<string, List<string>>> read) =>
        _values = new(read, LazyThreadSafetyMode.PublicationOnly);

    /// <param name="read">Reads the stored form, at the first look.</param>
    public static SessionAttributes ReadWhenUsed(Func<Dictionary<string, List<string>>> read) => new(read);

    /// <summary>Attributes already read (where the provider's query converts the column itself); not copied.</summary>
    public static SessionAttributes Of(Dictionary<string, List<string>> values) => new(() => values);

    private Dictionary<string, List<string>> Values => _values.Value;

    public IReadOnlyList<string> this[string key] => Values[key];
    public IEnumerable<string> Keys => Values.Keys;
    IEnumerable<IReadOnlyList<string>> IReadOnlyDictionary<string, IReadOnlyList<string>>.Values => Values.Values;
    public int Count => Values.Count;
    public bool ContainsKey(string key) => Values.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out IReadOnlyList<string> value)
    {
        var found = Values.TryGetValue(key, out var values);
        value = values;
        return found;
    }

    public IEnumerator<KeyValuePair<string, IReadOnlyList<string>>> GetEnumerator() =>
        Values.Select(a => KeyValuePair.Create(a.Key, (IReadOnlyList<string>)a.Value)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
