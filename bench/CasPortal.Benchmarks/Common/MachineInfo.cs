using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace CasPortal.Benchmarks.Common;

/// <summary>The machine line every suite prints first, so figures always come with where they were measured.</summary>
public static partial class MachineInfo
{
    public static void Print()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? CpuModel().Match(File.ReadAllText("/proc/cpuinfo")) is { Success: true } m ? m.Groups[1].Value.Trim() : "?"
            : "?";
        var memory = File.Exists("/proc/meminfo")
            ? MemTotal().Match(File.ReadAllText("/proc/meminfo")) is { Success: true } t ? $"{long.Parse(t.Groups[1].Value) / 1024 / 1024.0:F1} GiB" : "?"
            : "?";
        Console.WriteLine($"# machine: {Environment.ProcessorCount} logical CPUs ({cpu}), {memory} RAM, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine();
    }

    [GeneratedRegex(@"^model name\s*:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex CpuModel();

    [GeneratedRegex(@"^MemTotal:\s*(\d+) kB", RegexOptions.Multiline)]
    private static partial Regex MemTotal();
}
