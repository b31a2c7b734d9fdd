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
        builder.HasIndex(e => e.OccurredAt);
        builder.HasIndex(e => new { e.Username, e.OccurredAt });
        builder.HasIndex(e => new { e.Type, e.OccurredAt });
        builder.HasIndex(e => new { e.ClientIp, e.OccurredAt });
        builder.HasIndex(e => new { e.SessionReference, e.OccurredAt });
    }
}
