using System.Diagnostics;
using System.Text.RegularExpressions;
using CasPortal.Benchmarks.Common;

namespace CasPortal.Benchmarks.Http;

/// <summary>
/// The portal as its own process (the Release build of src/Web, run with `dotnet CasPortal.Web.dll`), or the baseline
/// Razor app of bench/CasPortal.Baseline the same way.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private PortalProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Id => _process.Id;

    public static string WebDll => Path.Combine(RepoPaths.Root, "src", "Web", "bin", "Release", "net10.0", "CasPortal.Web.dll");

    public static string BaselineDll => Path.Combine(RepoPaths.Root, "bench", "CasPortal.Baseline", "bin", "Release", "net10.0", "CasPortal.Baseline.dll");

    public static async Task BuildAsync()
    {
        foreach (var project in new[] { Path.Combine("src", "Web", "CasPortal.Web.csproj"), Path.Combine("bench", "CasPortal.Baseline", "CasPortal.Baseline.csproj") })
        {
            Console.WriteLine($"building {project} in Release…");
            using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", Path.Combine(RepoPaths.Root, project), "-c", "Release", "-nologo", "-v", "q"])
            {
                RedirectStandardOutput = true,
            })!;
            var output = await build.StandardOutput.ReadToEndAsync();
            await build.WaitForExitAsync();
            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet build of {project} failed:\n" + output);
            }
        }
    }

    public static PortalProcess Start(int port, IReadOnlyDictionary<string, string> environment, string logFile) =>
        Start(WebDll, [], port, environment, logFile);

    /// <summary>The portal of another build (the output folder of <c>dotnet build -c Release src/Web -o DIR</c>), for side-by-side runs.</summary>
    public static PortalProcess StartBuild(string folder, int port, IReadOnlyDictionary<string, string> environment, string logFile) =>
        Start(Path.Combine(Path.GetFullPath(folder), "CasPortal.Web.dll"), [], port, environment, logFile);

    /// <summary>The baseline page app on the portal's own web root, with the portal's log level.</summary>
    public static PortalProcess StartBaseline(int port, string logFile) =>
        Start(BaselineDll, ["--webroot", Path.Combine(RepoPaths.Root, "src", "Web", "wwwroot")], port,
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, logFile);

    private static PortalProcess Start(string dll, string[] args, int port, IReadOnlyDictionary<string, string> environment, string logFile)
    {
        var start = new ProcessStartInfo("dotnet", [dll, .. args, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var log = new StreamWriter(logFile) { AutoFlush = true };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PortalProcess(process, log);
    }

    /// <summary>Polls until the process answers (the portal migrates the database first), for at most three minutes: a busy machine starts it slowly.</summary>
    public async Task WaitReadyAsync(HttpClient http, string baseUrl)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with code {_process.ExitCode}; see its log.");
            }

            try
            {
                using var answer = await http.GetAsync(baseUrl + "/status/404");
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
        }

        throw new TimeoutException("The portal did not answer within three minutes.");
    }

    /// <summary>Resident memory now and at its peak (VmRSS, VmHWM from /proc/PID/status), in MB.</summary>
    public (double RssMb, double PeakMb) Memory()
    {
        var status = File.ReadAllText($"/proc/{_process.Id}/status");
        return (Kb(status, "VmRSS") / 1024.0, Kb(status, "VmHWM") / 1024.0);
    }

    /// <summary>CPU time the portal has used so far (user + system), to split a phase's CPU between it and the load generator.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>What the resident memory is made of now (/proc/PID/smaps_rollup), in MB.</summary>
    public string MemoryBreakdown()
    {
        var rollup = File.ReadAllText($"/proc/{_process.Id}/smaps_rollup");
        return $"anonymous (GC heap, native heap, stacks) {Kb(rollup, "Anonymous") / 1024.0:F0} MB, " +
            $"file-backed PSS (mapped assemblies and libraries) {Kb(rollup, "Pss_File") / 1024.0:F0} MB, " +
            $"shared-memory PSS (JIT code, double-mapped for W^X) {Kb(rollup, "Pss_Shmem") / 1024.0:F0} MB; " +
            $"{Regex.Match(File.ReadAllText($"/proc/{_process.Id}/status"), @"^Threads:\s*(\d+)", RegexOptions.Multiline).Groups[1].Value} threads";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first, so the host shuts down as it would in production.
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
            {
                await kill.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static long Kb(string status, string field) =>
        Regex.Match(status, $@"^{field}:\s*(\d+) kB", RegexOptions.Multiline) is { Success: true } m ? long.Parse(m.Groups[1].Value) : 0;
}
