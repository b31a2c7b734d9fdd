using System.Runtime.CompilerServices;
using CasPortal.Application.Common.Telemetry;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CasPortal.Infrastructure.Persistence;

/// <summary>
/// Counts what the audit trail records, once it is committed: every handler already writes an audit event for what
/// happened (a sign-in and its failure code, a revocation …), so the metrics follow from those events instead of a
/// second call beside each one, and a save that fails counts nothing.
/// </summary>
internal sealed class AuditMetricsInterceptor(PortalMetrics metrics) : SaveEndInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<AuditEvent>> _pending = new();

    protected override void Saving(DbContext context)
    {
        // Audit events are only ever added through DbSet.Add, so their state is known without a second change scan.
        var tracker = context.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            var added = tracker.Entries<AuditEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            if (added.Count > 0)
            {
                _pending.AddOrUpdate(context, added);
            }
            else
            {
                _pending.Remove(context);
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }

    protected override void Committed(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var written))
        {
            return;
        }

        _pending.Remove(context);
        foreach (var group in written.GroupBy(e => e.Type))
        {
            metrics.AuditEventsWritten(group.Key, group.Count());
        }

        foreach (var audit in written)
        {
            switch (audit.Type)
            {
                case AuditEventType.LoginSucceeded:
                    metrics.SignInAttempted(failureCode: null);
                    break;
                case AuditEventType.LoginFailed:
                    metrics.SignInAttempted(audit.Code ?? PortalMetrics.OtherCode);
                    break;
                case AuditEventType.SessionRevoked:
                    metrics.SessionsRevoked(1);
                    break;
                case AuditEventType.ReauthenticationRequired or AuditEventType.SignInRestartedForReauthentication
                    or AuditEventType.ReauthenticatedWithCredentials or AuditEventType.ReauthenticationLifted:
                    metrics.ReauthenticationStep(audit.Type);
                    break;
            }
        }
    }

    protected override void NotCommitted(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}
