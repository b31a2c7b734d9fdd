using System.Data.Common;
using CasPortal.Application.Audit;
using CasPortal.Application.Audit.GetAuditChart;
using CasPortal.Application.Audit.SearchAuditLog;
using CasPortal.Application.Sessions.ListActiveSessions;
using CasPortal.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Infrastructure.Tests.Persistence;

/// <summary>
/// SQLite's plan for exactly the statements the administrators' pages send, on the schema the migrations build: the
/// default views read one index each, in its order where there is one, and never the wide table rows they count.
/// </summary>
public sealed class AdminPageQueryPlanTests : IDisposable
{
    private readonly SqliteTestFolder _folder = new();
    private readonly CommandCapture _capture = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_sessions_list_counts_and_reads_its_first_page_from_the_live_sessions_index_in_its_order()
    {
        var (count, page) = Pair(await PlansAsync(db =>
            new ListActiveSessionsHandler(db, _clock).Handle(new ListActiveSessionsQuery(null, SessionSort.LastSeenDescending, 1, 25), default)));

        // The index's filter answers "not ended", so no table row is read: the count stops at its limit, the page at its end.
        Assert.Equal(["CO-ROUTINE s0", "SCAN s USING INDEX IX_Sessions_Live", "SCAN s0"], count);
        Assert.Equal(["SCAN s USING INDEX IX_Sessions_Live"], page);
    }

    [Fact]
    public async Task The_audit_pages_default_view_counts_from_the_time_index_and_pages_in_its_order()
    {
        var (count, page) = Pair(await PlansAsync(db =>
            new SearchAuditLogHandler(db).Handle(new SearchAuditLogQuery(new AuditFilter(IncludeSignInStarts: false), null, 50), default)));

        Assert.Equal(["CO-ROUTINE a0", "SCAN a USING COVERING INDEX IX_AuditEvents_OccurredAt_Id_Type", "SCAN a0"], count);
        Assert.Equal(["SCAN a USING INDEX IX_AuditEvents_OccurredAt_Id_Type"], page);
    }

    [Fact]
    public async Task The_audit_chart_counts_by_hour_and_by_failure_cause_from_the_type_index_alone()
    {
        var (hourly, causes) = Pair(await PlansAsync(db =>
            new GetAuditChartHandler(db, _clock).Handle(new GetAuditChartQuery(new AuditFilter(IncludeSignInStarts: false), TimeZoneInfo.Utc), default)));

        const string typeAndTime = "SEARCH a USING COVERING INDEX IX_AuditEvents_Type_OccurredAt_Id_Code (Type=? AND OccurredAt>? AND OccurredAt<?)";
        Assert.Equal([typeAndTime, "USE TEMP B-TREE FOR GROUP BY"], hourly);
        Assert.Equal([typeAndTime, "USE TEMP B-TREE FOR GROUP BY", "USE TEMP B-TREE FOR ORDER BY"], causes);
    }

    /// <summary>Runs the handler on a migrated database and returns SQLite's plan of each statement it sent, in order.</summary>
    private async Task<List<List<string>>> PlansAsync<T>(Func<PortalDbContext, ValueTask<T>> handle)
    {
        await using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>()
            .UseSqlite(_folder.ConnectionString).AddInterceptors(_capture).Options).Audited(_clock);
        await db.Database.MigrateAsync();
        _capture.Commands.Clear();
        await handle(db);

        var plans = new List<List<string>>();
        await db.Database.OpenConnectionAsync();
        foreach (var (sql, parameters) in _capture.Commands)
        {
            await using var explain = db.Database.GetDbConnection().CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = explain.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                explain.Parameters.Add(parameter);
            }

            var steps = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                steps.Add(reader.GetString(3));
            }

            plans.Add(steps);
        }

        return plans;
    }

    private static (List<string> First, List<string> Second) Pair(List<List<string>> plans) =>
        plans is [var first, var second] ? (first, second) : throw new InvalidOperationException($"{plans.Count} statements, not 2");

    private sealed class CommandCapture : DbCommandInterceptor
    {
        public List<(string Sql, (string Name, object Value)[] Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value!)).ToArray()));
            return ValueTask.FromResult(result);
        }
    }
}
