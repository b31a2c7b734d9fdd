using System.Globalization;

namespace CasPortal.Benchmarks.Common;

/// <summary>"--name value" and "--flag" command-line options.</summary>
public sealed class Options(string[] args)
{
    public string Text(string name, string fallback)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    public int Int(string name, int fallback) => int.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public bool Flag(string name) => args.Contains("--" + name);
}
