using CasPortal.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace CasPortal.Infrastructure.Tests.Persistence.Sqlite;

/// <summary>The signed-in reads' own reading of stored times, against what SQLite holds and what the general parser reads.</summary>
public sealed class StoredTimeTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public StoredTimeTests()
    {
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE times (value TEXT)";
        create.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    public static TheoryData<long> Ticks => new()
    {
        new DateTime(2026, 12, 3, 8, 3, 26, DateTimeKind.Utc).Ticks,
        new DateTime(2026, 12, 3, 8, 3, 26, DateTimeKind.Utc).Ticks + 1_000_000, // .1
        new DateTime(2026, 12, 3, 8, 3, 26, DateTimeKind.Utc).Ticks + 1_200_000, // .12
        new DateTime(2026, 12, 3, 8, 3, 26, DateTimeKind.Utc).Ticks + 1_234_567, // .1234567
        new DateTime(2026, 12, 3, 8, 3, 26, DateTimeKind.Utc).Ticks + 1, // .0000001
        new DateTime(2028, 2, 29, 23, 59, 59, DateTimeKind.Utc).Ticks + 9_999_999,
        DateTime.MinValue.Ticks,
        DateTime.MaxValue.Ticks,
    };

    [Theory]
    [MemberData(nameof(Ticks))]
    public void A_time_stored_as_the_portal_stores_it_reads_back_to_the_tick_in_UTC(long ticks)
    {
        var stored = new DateTime(ticks, DateTimeKind.Utc);
        using var insert = _connection.CreateCommand();
        insert.CommandText = "INSERT INTO times VALUES ($value)";
        insert.Parameters.AddWithValue("$value", stored); // bound as the text EF Core's SQLite provider writes
        insert.ExecuteNonQuery();

        using var select = _connection.CreateCommand();
        select.CommandText = "SELECT value FROM times";
        using var reader = select.ExecuteReader();
        Assert.True(reader.Read());
        var read = StoredTime.Read(reader, 0);

        Assert.Equal(stored, read);
        Assert.Equal(DateTimeKind.Utc, read.Kind);
        Assert.True(StoredTime.TryParse(reader.GetString(0), out _), $"'{reader.GetString(0)}' took the general parser");
    }

    [Theory]
    [InlineData("2026-12-03T08:03:26")]
    [InlineData("2026-12-03 08:03:26.12345678")]
    [InlineData("2026-12-03 08:03")]
    [InlineData("2026-12-03")]
    public void A_time_in_another_form_is_read_by_the_general_parser(string text)
    {
        Assert.False(StoredTime.TryParse(text, out _));

        var read = ReadStored(text);

        Assert.Equal(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture), read);
        Assert.Equal(DateTimeKind.Utc, read.Kind);
    }

    [Theory]
    [InlineData("2026-02-29 00:00:00")]
    [InlineData("2026-13-01 00:00:00")]
    [InlineData("2026-12-03 24:00:00")]
    [InlineData("2026-12-03 08:60:00")]
    [InlineData("not a time at all !!")]
    [InlineData("")]
    public void Text_that_is_no_time_is_refused_as_the_general_parser_refuses_it(string text) =>
        Assert.Throws<FormatException>(() => ReadStored(text));

    private DateTime ReadStored(string text)
    {
        using var select = _connection.CreateCommand();
        select.CommandText = "SELECT $text";
        select.Parameters.AddWithValue("$text", text);
        using var reader = select.ExecuteReader();
        Assert.True(reader.Read());
        return StoredTime.Read(reader, 0);
    }
}
