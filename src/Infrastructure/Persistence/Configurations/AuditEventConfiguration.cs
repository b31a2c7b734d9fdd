using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CasPortal.Infrastructure.Persistence.Configurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("AuditEvents");
        builder.Property(e => e.Username).HasMaxLength(Limits.UsernameLength);
        builder.Property(e => e.SessionReference).HasMaxLength(Limits.SessionReferenceLength);
        builder.Property(e => e.ClientIp).HasMaxLength(Limits.ClientIpLength);
        builder.Property(e => e.UserAgent).HasMaxLength(Limits.UserAgentLength);
        builder.Property(e => e.Detail).HasMaxLength(Limits.AuditDetailLength);
        builder.Property(e => e.Code).HasMaxLength(Limits.AuditCodeLength);

        // The audit page reads newest first, by time, under one filter at a time; in SQLite every index ends with the
        // row id, so each of these also serves the (time, id) keyset order.
        // The time and user indexes also hold the type, and the type index the failure code, after the id so that order
        // stays: counts without the sign-in starts and the chart's counts by type and by cause read no table row.
        builder.HasIndex(e => new { e.OccurredAt, e.Id, e.Type });
        builder.HasIndex(e => new { e.Username, e.OccurredAt, e.Id, e.Type });
        builder.HasIndex(e => new { e.Type, e.OccurredAt, e.Id, e.Code });
        builder.HasIndex(e => new { e.ClientIp, e.OccurredAt });
        builder.HasIndex(e => new { e.SessionReference, e.OccurredAt });
    }
}
