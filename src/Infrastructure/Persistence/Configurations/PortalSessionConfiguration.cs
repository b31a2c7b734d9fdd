using System.Buffers;
using System.Text;
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
                attributes => AttributesColumn.Write(attributes),
                json => AttributesColumn.Read(json),
                new ValueComparer<Dictionary<string, List<string>>>(
                    (a, b) => AttributesColumn.Write(a!) == AttributesColumn.Write(b!),
                    a => AttributesColumn.Write(a).GetHashCode(),
                    a => a.ToDictionary(e => e.Key, e => e.Value.ToList())))
            .IsRequired();

        // Single logout finds a session by its ticket's hash; users' session lists by name, live ones already in the
        // order the profile shows them (latest seen first), so its page sorts nothing.
        builder.HasIndex(s => s.ServiceTicketHash);
        builder.HasIndex(s => new { s.Username, s.EndedAt, s.LastSeenAt });

        // The administrators' list of live sessions: in its default order (last seen first, the reference breaking
        // ties), holding every column the list shows or filters on, so each of its orders reads this index instead of
        // the wide rows, and the first page stops after its last row. SQLite has no INCLUDE, hence key columns.
        builder.HasIndex(s => new
            {
                s.LastSeenAt, s.Reference, s.IdleExpiresAt, s.AbsoluteExpiresAt, s.Username, s.CreatedAt, s.ClientIp, s.UserAgent,
            })
            .IsDescending(true, false, false, false, false, false, false, false)
            .HasFilter("\"EndedAt\" IS NULL")
            .HasDatabaseName("IX_Sessions_Live");
    }
}

/// <summary>The session's attributes as their JSON column holds them; also read by the SQLite session check.</summary>
internal static class AttributesColumn
{
    public static string Write(Dictionary<string, List<string>> attributes) =>
        JsonSerializer.Serialize(attributes, JsonSerializerOptions.Default);

    /// <summary>
    /// Reads what <see cref="Write"/> made, an object of arrays of strings, token by token: <c>/profile</c> reads it
    /// on every view, where the serializer's generic dictionary converter was one of the largest items of the page's own
    /// work (docs/PERFORMANCE.md, eighth round). Anything else in the column is refused with a
    /// <see cref="JsonException"/>, as the serializer did.
    /// </summary>
    public static Dictionary<string, List<string>> Read(string json)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(0, Encoding.UTF8.GetBytes(json, buffer)));
            return ReadObject(ref reader);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Dictionary<string, List<string>> ReadObject(ref Utf8JsonReader reader)
    {
        var attributes = new Dictionary<string, List<string>>();
        if (Next(ref reader) == JsonTokenType.Null)
        {
            return attributes;
        }

        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            Next(ref reader);
            Expect(ref reader, JsonTokenType.StartArray);
            var values = new List<string>();
            while (Next(ref reader) == JsonTokenType.String)
            {
                values.Add(reader.GetString()!);
            }

            Expect(ref reader, JsonTokenType.EndArray);
            attributes[name] = values;
        }

        Expect(ref reader, JsonTokenType.EndObject);
        if (reader.Read())
        {
            throw new JsonException($"The stored attributes go on after their object, at byte {reader.TokenStartIndex}.");
        }

        return attributes;
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The stored attributes end too early.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected)
    {
        if (reader.TokenType != expected)
        {
            throw new JsonException($"The stored attributes hold {reader.TokenType} at byte {reader.TokenStartIndex} where {expected} belongs.");
        }
    }
}
