using System.Diagnostics;
using System.Text;
using CasPortal.Application.Audit;
using CasPortal.Application.Audit.ExportAuditLog;
using CasPortal.Application.Audit.GetAuditChart;
using CasPortal.Application.Audit.SearchAuditLog;
using CasPortal.Benchmarks.Common;
using CasPortal.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using static CasPortal.Benchmarks.Common.Stats;

namespace CasPortal.Benchmarks.Audit;

/// <summary>
/// Target A: the audit page's first page (by user, by one day) and the CSV export, through the real Application handlers
/// on a generated SQLite file. Each call gets a fresh DbContext, as each web request does. Rounds are interleaved so
/// machine noise falls on every case alike; the report quotes medians.
/// </summary>
public static class AuditSuite
{
    private const double PageTargetMs = 20;
    private const double ExportTargetPerSecond = 200_000;

    private sealed record PageCase(string Name, AuditFilter Filter, bool Targeted, AuditCursor? Before = null);

    public static async Task<int> RunAsync(Options options)
    {
        var count = options.Int("events", 1_000_000);
        var runs = options.Int("runs", 31);
        var exports = options.Int("exports", 3);
        var path = await AuditDataGenerator.CachedAsync(options.Text("data", "/tmp/casportal-bench"), count, options.Flag("regenerate"));
        var connectionString = $"Data Source={path}";
        var capture = new SqlCapture();
        var withCapture = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(connectionString).AddInterceptors(capture).Options;

        var (total, busiest, typical) = await DataFactsAsync(connectionString);
        Console.WriteLine($"{total:N0} events; busiest user {busiest.Name} ({busiest.Events:N0} events), median user {typical.Name} ({typical.Events:N0} events)");
        Console.WriteLine();

        var day = new DateTime(2026, 6, 17, 0, 0, 0, DateTimeKind.Utc); // a Wednesday in the middle of the generated year
        var page2 = await PageAsync(withCapture, new AuditFilter(User: busiest.Name), null);
        PageCase[] cases =
        [
            new($"user = {busiest.Name} (busiest)", new AuditFilter(User: busiest.Name), true),
            new($"user = {typical.Name} (median)", new AuditFilter(User: typical.Name), true),
            new($"one day ({day:yyyy-MM-dd})", new AuditFilter(FromUtc: day, ToUtc: day.AddDays(1)), true),
            new("no filter", new AuditFilter(), false),
            new($"user = {busiest.Name}, page 2 (cursor)", new AuditFilter(User: busiest.Name), false, page2.Next),
            new("outcome = failure", new AuditFilter(Outcome: AuditOutcome.Failure), false),
            new("user prefix \"b\"", new AuditFilter(User: "b", UserMatch: UserMatch.Prefix), false),
        ];

        // --- First page, page size 50 ---
        const int warmup = 3;
        var samples = cases.Select(_ => new List<double>()).ToArray();
        var first = new double[cases.Length];
        var rows = new int[cases.Length];
        for (var round = 0; round < warmup + runs; round++)
        {
            for (var i = 0; i < cases.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var page = await PageAsync(withCapture, cases[i].Filter, cases[i].Before);
                var ms = Ms(started);
                rows[i] = page.Events.Count;
                if (round == 0)
                {
                    first[i] = ms;
                }
                else if (round >= warmup)
                {
                    samples[i].Add(ms);
                }
            }
        }

        Console.WriteLine($"## SearchAuditLogHandler, first page of 50 (median of {runs} interleaved runs after {warmup} warm-up rounds; new DbContext per call)");
        Console.WriteLine();
        Console.WriteLine("| filter | rows | median ms | p90 ms | min ms | max ms | first call ms | target | verdict |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|---|");
        for (var i = 0; i < cases.Length; i++)
        {
            var s = new Stats(samples[i]);
            var verdict = !cases[i].Targeted ? "(no target)" : s.Median <= PageTargetMs ? "PASS" : "MISS";
            Console.WriteLine($"| {cases[i].Name} | {rows[i]} | {F(s.Median)} | {F(s.Percentile(90))} | {F(s.Min)} | {F(s.Max)} | {F(first[i])} | {(cases[i].Targeted ? "≤ 20 ms" : "–")} | {verdict} |");
            if (cases[i].Targeted)
            {
                Targets.Record($"audit first page ≤ 20 ms, {Num(total)} events, {cases[i].Name}", $"{F(s.Median)} ms median", s.Median <= PageTargetMs);
            }
        }

        Console.WriteLine();

        // --- Chart (no target; the audit page renders it beside the first page) ---
        var chartCases = new (string Name, AuditFilter Filter)[]
        {
            ($"one day ({day:yyyy-MM-dd}), hourly", new AuditFilter(FromUtc: day, ToUtc: day.AddDays(1))),
            ($"30 days to {AuditDataGenerator.End:yyyy-MM-dd}, daily", new AuditFilter(FromUtc: AuditDataGenerator.End.AddDays(-30), ToUtc: AuditDataGenerator.End)),
        };
        var chartRuns = Math.Max(5, runs / 3);
        var chartSamples = chartCases.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < 1 + chartRuns; round++)
        {
            for (var i = 0; i < chartCases.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await ChartAsync(withCapture, chartCases[i].Filter);
                if (round > 0)
                {
                    chartSamples[i].Add(Ms(started));
                }
            }
        }

        Console.WriteLine($"## GetAuditChartHandler, time zone UTC (median of {chartRuns} runs after 1 warm-up round; no target)");
        Console.WriteLine();
        Console.WriteLine("| range | median ms | p90 ms | min ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        for (var i = 0; i < chartCases.Length; i++)
        {
            var s = new Stats(chartSamples[i]);
            Console.WriteLine($"| {chartCases[i].Name} | {F(s.Median)} | {F(s.Percentile(90))} | {F(s.Min)} | {F(s.Max)} |");
        }

        Console.WriteLine();

        // --- Query plans of exactly what the handlers sent ---
        Console.WriteLine("## EXPLAIN QUERY PLAN of the statements the handlers sent");
        Console.WriteLine();
        capture.Enabled = true;
        foreach (var c in cases)
        {
            await PageAsync(withCapture, c.Filter, c.Before);
            Console.WriteLine($"### page: {c.Name}");
            Console.WriteLine("```sql");
            Console.Write(capture.Explain(connectionString));
            Console.WriteLine("```");
        }

        foreach (var (name, filter) in chartCases)
        {
            await ChartAsync(withCapture, filter);
            Console.WriteLine($"### chart: {name}");
            Console.WriteLine("```sql");
            Console.Write(capture.Explain(connectionString));
            Console.WriteLine("```");
        }

        await using (var db = new PortalDbContext(withCapture))
        await using (var exported = new ExportAuditLogHandler(db).Handle(new ExportAuditLogQuery(new AuditFilter()), CancellationToken.None).GetAsyncEnumerator())
        {
            await exported.MoveNextAsync(); // the statement is sent on the first read
        }

        Console.WriteLine("### export: no filter (streamed, no LIMIT)");
        Console.WriteLine("```sql");
        Console.Write(capture.Explain(connectionString));
        Console.WriteLine("```");
        capture.Enabled = false;

        // --- CSV export of everything ---
        var plain = new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(connectionString).Options;
        var rates = new List<double>();
        for (var run = 1; run <= exports; run++)
        {
            rates.Add(await ExportAsync(plain, run, total));
        }

        var median = new Stats(rates).Median;
        Console.WriteLine($"CSV export: median {Num(median)} events/s over {exports} runs (target ≥ {Num(ExportTargetPerSecond)}): {(median >= ExportTargetPerSecond ? "PASS" : "MISS")}");
        Targets.Record($"audit CSV export ≥ {Num(ExportTargetPerSecond)} events/s", $"{Num(median)}/s median of {exports} (first {Num(rates[0])}/s)", median >= ExportTargetPerSecond);
        return 0;
    }

    private static async Task<AuditPage> PageAsync(DbContextOptions<PortalDbContext> options, AuditFilter filter, AuditCursor? before)
    {
        await using var db = new PortalDbContext(options);
        return await new SearchAuditLogHandler(db).Handle(new SearchAuditLogQuery(filter, before, 50), CancellationToken.None);
    }

    private static async Task<AuditChart> ChartAsync(DbContextOptions<PortalDbContext> options, AuditFilter filter)
    {
        await using var db = new PortalDbContext(options);
        return await new GetAuditChartHandler(db, TimeProvider.System).Handle(new GetAuditChartQuery(filter, TimeZoneInfo.Utc), CancellationToken.None);
    }

    /// <summary>
    /// Streams every event through the real handler into <see cref="AuditCsv"/>, with the writer the audit page uses (64 KB,
    /// UTF-8 with BOM) over a stream that only counts bytes. Memory is read every 100,000 rows and its peak watched throughout.
    /// </summary>
    private static async Task<double> ExportAsync(DbContextOptions<PortalDbContext> options, int run, long expected)
    {
        var process = Process.GetCurrentProcess();
        double WorkingSetMb()
        {
            process.Refresh();
            return process.WorkingSet64 / 1048576.0;
        }

        var peak = 0.0;
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                peak = Math.Max(peak, WorkingSetMb());
                await Task.Delay(20);
            }
        });

        var sink = new CountingStream();
        var table = new StringBuilder();
        var readBefore = StorageReadBytes();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var gcBefore = GC.CollectionCount(0);
        var started = Stopwatch.GetTimestamp();
        long n = 0;
        await using (var db = new PortalDbContext(options))
        await using (var writer = new StreamWriter(sink, new UTF8Encoding(true), 64 * 1024))
        {
            await AuditCsv.WriteHeaderAsync(writer);
            await foreach (var row in new ExportAuditLogHandler(db).Handle(new ExportAuditLogQuery(new AuditFilter()), CancellationToken.None))
            {
                await AuditCsv.WriteRowAsync(writer, row);
                if (++n % 100_000 == 0)
                {
                    table.AppendLine($"| {Num(n)} | {F(Ms(started) / 1000, 1)} | {F(WorkingSetMb(), 1)} | {F(GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0, 1)} |");
                }
            }
        }

        var seconds = Ms(started) / 1000;
        await watching.CancelAsync();
        await watcher;
        var rate = n / seconds;
        if (n != expected)
        {
            throw new InvalidOperationException($"The export wrote {n} rows, expected {expected}.");
        }

        Console.WriteLine($"### CSV export run {run}: {Num(n)} events in {F(seconds)} s = {Num(rate)} events/s; {F(sink.Bytes / 1048576.0, 0)} MB of CSV; " +
            $"allocated {F((GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)n, 0)} B/event, {GC.CollectionCount(0) - gcBefore} gen0 GCs; " +
            $"read {F((StorageReadBytes() - readBefore) / 1048576.0, 0)} MB from storage (the rest came from the OS page cache); peak working set {F(peak, 1)} MB");
        if (run == 1)
        {
            Console.WriteLine();
            Console.WriteLine("| rows written | s | working set MB | GC heap MB |");
            Console.WriteLine("|---:|---:|---:|---:|");
            Console.Write(table);
        }

        Console.WriteLine();
        return rate;
    }

    internal static async Task<(long Total, (string Name, long Events) Busiest, (string Name, long Events) Typical)> DataFactsAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Username, COUNT(*) FROM AuditEvents WHERE Username IS NOT NULL GROUP BY Username ORDER BY 2 DESC";
        var users = new List<(string, long)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                users.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        command.CommandText = "SELECT COUNT(*) FROM AuditEvents";
        var total = (long)(await command.ExecuteScalarAsync())!;
        return (total, users[0], users[users.Count / 2]);
    }

    /// <summary>Bytes this process has caused to be read from storage (/proc/self/io), to tell a cold file cache from a warm one.</summary>
    private static long StorageReadBytes() =>
        File.ReadLines("/proc/self/io").FirstOrDefault(l => l.StartsWith("read_bytes:", StringComparison.Ordinal)) is { } line
            ? long.Parse(line["read_bytes:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)
            : 0;

    /// <summary>Stream.Null that counts what it is given.</summary>
    private sealed class CountingStream : Stream
    {
        public long Bytes { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Bytes;
        public override long Position { get => Bytes; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Bytes += count;
        public override void Write(ReadOnlySpan<byte> buffer) => Bytes += buffer.Length;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Bytes += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
