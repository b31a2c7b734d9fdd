using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CasPortal.Benchmarks.Http;

/// <summary>
/// A throwaway PostgreSQL cluster for the http suite, started as ./test.sh starts the tests' one: Debian's server
/// binaries, a data folder under /tmp, loopback only, run as the postgres user when this process is root, durability off
/// (fsync, synchronous commit and full-page writes), deleted when disposed.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly bool _asPostgres;

    private PostgresCluster(string bin, string folder, bool asPostgres, int port)
    {
        _bin = bin;
        _folder = folder;
        _asPostgres = asPostgres;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=casportal_bench";
    }

    /// <summary>The portal's database on this cluster (created empty; the portal migrates it at start-up).</summary>
    public string ConnectionString { get; }

    public string Version { get; private set; } = "?";

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d.Length).ThenBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("--postgres needs Debian's postgresql package (apt-get install -y postgresql), or pass --postgres-connection.");
        }

        var folder = Directory.CreateTempSubdirectory("casportal-bench-pg.").FullName;
        var asPostgres = Environment.UserName == "root";
        var port = FreePort();
        var cluster = new PostgresCluster(bin, folder, asPostgres, port);
        if (asPostgres)
        {
            await cluster.RunAsync("chown", "-R", "postgres:", folder);
        }

        await cluster.PgAsync("initdb", "-D", Path.Combine(folder, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await cluster.PgAsync("pg_ctl", "-D", Path.Combine(folder, "data"), "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o",
            $"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300", "start");
        await cluster.PgAsync("psql", "-h", "127.0.0.1", "-p", port.ToString(), "-U", "postgres", "-d", "postgres", "-qAt", "-c", "CREATE DATABASE casportal_bench");
        cluster.Version = (await cluster.PgAsync("postgres", "--version")).Trim();
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgAsync("pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Task<string> PgAsync(string program, params string[] args) => _asPostgres
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. args])
        : RunAsync(Path.Combine(_bin, program), args);

    private async Task<string> RunAsync(string program, params string[] args)
    {
        // PostgreSQL's tools refuse a working folder the postgres user cannot read, such as /root.
        using var process = Process.Start(new ProcessStartInfo(program, args)
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', args)} failed ({process.ExitCode}): {await errors}{await output}");
        }

        return await output;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
