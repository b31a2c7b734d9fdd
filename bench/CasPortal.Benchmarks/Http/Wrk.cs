using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CasPortal.Benchmarks.Http;

/// <summary>wrk (Debian package) for the fixed-URL runs: native, so it takes less of the two cores than a .NET client.</summary>
public static partial class Wrk
{
    public static bool Available { get; } = File.Exists("/usr/bin/wrk") || File.Exists("/usr/local/bin/wrk");

    public sealed record Result(string Name, int Connections, double PerSecond, double P50Ms, double P99Ms, long Requests, long NotOk, string? Errors);

    /// <summary>Runs wrk for a fixed time (it stops by itself) with 2 threads and the given connections.</summary>
    public static async Task<Result> RunAsync(string name, string url, int connections, int seconds, string? cookie)
    {
        List<string> args = ["-t2", $"-c{connections}", $"-d{seconds}s", "--timeout", "10s", "--latency"];
        if (cookie is not null)
        {
            args.AddRange(["-H", "Cookie: " + cookie]);
        }

        args.Add(url);
        using var wrk = Process.Start(new ProcessStartInfo("wrk", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var perSecond = Number(RequestsPerSecond(), output);
        var notOk = NotOk().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var requests = Total().Match(output) is { Success: true } t ? long.Parse(t.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var errors = SocketErrors().Match(output) is { Success: true } e ? e.Value.Trim() : null;
        return new Result(name, connections, perSecond, Latency("50", output), Latency("99", output), requests, notOk, errors);
    }

    private static double Latency(string percent, string output)
    {
        var m = Regex.Match(output, $@"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!m.Success)
        {
            return double.NaN;
        }

        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    private static double Number(Regex regex, string output) =>
        regex.Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NotOk();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Total();

    [GeneratedRegex(@"Socket errors:.*")]
    private static partial Regex SocketErrors();
}
