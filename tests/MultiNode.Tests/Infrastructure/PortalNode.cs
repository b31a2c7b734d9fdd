
namespace CasPortal.MultiNode.Tests.Infrastructure;

/// <summary>One portal node: the real portal on its own loopback port, configured like the others of its cluster.</summary>
public sealed class PortalNode(string name, IReadOnlyDictionary<string, string?> settings) : PortalFactory(overKestrel: true)
{
    public string Name { get; } = name;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => settings;

    public override string ToString() => $"node {Name} ({BaseUrl})";
}
