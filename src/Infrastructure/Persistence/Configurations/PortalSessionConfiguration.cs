using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CasPortal.Infrastructure.Persistence.Configurations;

internal sealed class PortalSessionConfiguration : IEntityTypeConfiguration<PortalSession>
{
    public void Configure(EntityTypeBuilder<PortalSession> builder)
    {
        builder.ToTable("Sessions");
        // The key is the hash of the cookie's id, so the per-request check stays one primary-key read.
        builder.HasKey(s => s.IdHash);
        builder.Property(s => s.IdHash).HasMaxLength(Limits.SessionIdHashLength);
        builder.Property(s => s.Reference).HasMaxLength(Limits.SessionReferenceLength).IsRequired();
        builder.HasIndex(s => s.Reference).IsUnique();
        builder.Property(s => s.Username).HasMaxLength(Limits.UsernameLength).IsRequired();
        builder.Property(s => s.ServiceTicketHash).HasMaxLength(Limits.TicketHashLength).IsRequired();
        builder.Property(s => s.ClientIp).HasMaxLength(Limits.ClientIpLength);
        builder.Property(s => s.UserAgent).HasMaxLength(Limits.UserAgentLength);
        builder.Property(s => s.BrowserIdHash).HasMaxLength(Limits.BrowserIdHashLength);

        // Attributes are only ever read whole with their session, so one JSON column serves.
        builder.Property(s => s.Attributes)
            .HasConversion(
                attributes => JsonSerializer.Serialize(attributes, JsonSerializerOptions.Default),
                json => JsonSerializer.Deserialize<Dictionary<string, List<string>>>(json, JsonSerializerOptions.Default)
                    ?? new Dictionary<string, List<string>>(),
                new ValueComparer<Dictionary<string, List<string>>>(
                    (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Default) == JsonSerializer.Serialize(b, JsonSerializerOptions.Default),
                    a => JsonSerializer.Serialize(a, JsonSerializerOptions.Default).GetHashCode(),
                    a => a.ToDictionary(e => e.Key, e => e.Value.ToList())))
            .IsRequired();

        // Single logout finds a session by its ticket's hash; users' session lists by name.
        builder.HasIndex(s => s.ServiceTicketHash);
        builder.HasIndex(s => new { s.Username, s.EndedAt });
    }
}
