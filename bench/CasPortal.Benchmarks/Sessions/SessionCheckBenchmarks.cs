using CasPortal.Domain.Sessions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using CasPortal.Application.Common.Options;
using CasPortal.Application.Sessions.GetActiveSession;
using CasPortal.Benchmarks.Common;
using CasPortal.Benchmarks.Http;
using CasPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace CasPortal.Benchmarks.Sessions;

public static class SessionCheckSuite
{
    public static int Run(string[] args)
    {
        var config = DefaultConfig.Instance
            .WithArtifactsPath(Path.Combine(RepoPaths.Root, "bench", "CasPortal.Benchmarks", "BenchmarkDotNet.Artifacts"));
        var switcherArgs = args.Contains("--filter") ? args : [.. args, "--filter", "*"];
        var summaries = BenchmarkSwitcher.FromTypes([typeof(SessionCheckBenchmarks)]).Run(switcherArgs, config);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}

/// <summary>
/// The per-request session check on its own, single-threaded, against 100,000 live sessions: the real handler with a
/// new DbContext per call and with a pooled one (as the portal runs it), and a read of only the mutable columns for
/// comparison. The row is read on every call in all three, so revocation stays exact.
/// </summary>
[MemoryDiagnoser]
public class SessionCheckBenchmarks
{
    private static readonly Func<PortalDbContext, string, Task<SessionState?>> MutableState = EF.CompileAsyncQuery(
        (PortalDbContext db, string idHash) => db.Sessions.AsNoTracking().Where(s => s.IdHash == idHash)
            .Select(s => new SessionState(s.EndedAt, s.IdleExpiresAt, s.AbsoluteExpiresAt, s.LastSeenAt)).FirstOrDefault());

    // No "last seen" write during the run: only the read path is measured.
    private readonly IOptions<SessionOptions> _sessions = Microsoft.Extensions.Options.Options.Create(new SessionOptions { LastSeenWriteInterval = TimeSpan.FromDays(1) });
    private DbContextOptions<PortalDbContext> _options = null!;
    private PooledDbContextFactory<PortalDbContext> _pool = null!;
    private string _id = null!;
    private string _idHash = null!;

    public sealed record SessionState(DateTime? EndedAt, DateTime IdleExpiresAt, DateTime AbsoluteExpiresAt, DateTime LastSeenAt);

    [GlobalSetup]
    public void Setup()
    {
        // Seeded afresh unless recent, so the sessions are live (30-minute idle timeout) while measured.
        var path = Path.Combine("/tmp/casportal-bench", "session-check.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) < DateTime.UtcNow.AddMinutes(-10))
        {
            SessionSeeder.CreateAsync(path, 100_000).GetAwaiter().GetResult();
        }

        _options = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={path}").Options;
        _pool = new PooledDbContextFactory<PortalDbContext>(_options);
        // The database keeps only hashes of session ids, so the measured session is added here with an id this run knows.
        _id = PortalSession.NewId();
        using (var db = new PortalDbContext(_options))
        {
            db.Sessions.Add(new PortalSession(_id, "measured-user", "measured-ticket-hash", new Dictionary<string, IReadOnlyList<string>>(),
                DateTime.UtcNow, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8), "10.1.2.3", "Mozilla/5.0"));
            db.SaveChanges();
        }

        _idHash = PortalSession.HashOfId(_id);
    }

    [Benchmark(Baseline = true, Description = "GetActiveSessionHandler, new DbContext per call")]
    public async Task<ActiveSession?> HandlerNewContext()
    {
        await using var db = new PortalDbContext(_options);
        return (await new GetActiveSessionHandler(db, _sessions, TimeProvider.System).Handle(new GetActiveSessionQuery(_id), default)).Session
            ?? throw new InvalidOperationException("The session is not live.");
    }

    [Benchmark(Description = "GetActiveSessionHandler, pooled DbContext (as the portal runs it)")]
    public async Task<ActiveSession?> HandlerPooledContext()
    {
        await using var db = _pool.CreateDbContext();
        return (await new GetActiveSessionHandler(db, _sessions, TimeProvider.System).Handle(new GetActiveSessionQuery(_id), default)).Session
            ?? throw new InvalidOperationException("The session is not live.");
    }

    [Benchmark(Description = "compiled no-tracking read of the mutable columns, pooled DbContext")]
    public async Task<SessionState?> MutableStatePooledContext()
    {
        await using var db = _pool.CreateDbContext();
        return await MutableState(db, _idHash) ?? throw new InvalidOperationException("The session is not live.");
    }
}
