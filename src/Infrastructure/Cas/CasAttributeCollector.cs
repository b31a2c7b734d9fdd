using System.Collections.ObjectModel;

namespace CasPortal.Infrastructure.Cas;

/// <summary>
/// Attributes in first-seen order, each value once, whichever format or style (or styles) the server used, so every
/// parser hands out the same <c>CasAssertion.Attributes</c> shape. Values are trimmed; multi-valued attributes stay lists.
/// </summary>
internal sealed class CasAttributeCollector
{
    private readonly OrderedDictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<(string Name, string Value)> _seen = [];

    public void Add(string name, string value)
    {
        name = name.Trim();
        value = value.Trim();
        if (name.Length == 0 || !_seen.Add((name, value)))
        {
            return;
        }

        if (!_values.TryGetValue(name, out var values))
        {
            values = [];
            _values.Add(name, values);
        }

        values.Add(value);
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> ToReadOnly()
    {
        var result = new OrderedDictionary<string, IReadOnlyList<string>>(_values.Count, StringComparer.Ordinal);
        foreach (var (name, values) in _values)
        {
            result.Add(name, values.AsReadOnly());
        }

        return new ReadOnlyDictionary<string, IReadOnlyList<string>>(result);
    }
}
