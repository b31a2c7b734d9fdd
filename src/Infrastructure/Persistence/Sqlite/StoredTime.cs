using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CasPortal.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Reads a time the way EF Core's SQLite provider stores it: text, <c>yyyy-MM-dd HH:mm:ss</c> and, when the time has
/// one, a fraction of one to seven digits. The signed-in reads turn five to thirteen of these into times on every
/// request; <see cref="SqliteDataReader.GetDateTime"/> runs the general date parser on each, several times slower than
/// this (docs/PERFORMANCE.md, sixth and eighth rounds). Any other form goes to that general parser, so nothing it read
/// is refused.
/// </summary>
internal static class StoredTime
{
    private const int SecondsLength = 19; // yyyy-MM-dd HH:mm:ss
    private const int MaxFractionDigits = 7; // a tick is 100 ns

    /// <summary>The column as a UTC time: the portal stores every time in UTC, and SQLite's text forgets the kind.</summary>
    public static DateTime Read(SqliteDataReader reader, int ordinal)
    {
        var text = reader.GetString(ordinal);
        return TryParse(text, out var utc)
            ? utc
            : DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture), DateTimeKind.Utc);
    }

    internal static bool TryParse(ReadOnlySpan<char> text, out DateTime utc)
    {
        utc = default;
        var fractionDigits = text.Length - SecondsLength - 1;
        if (text.Length < SecondsLength || fractionDigits is 0 or > MaxFractionDigits
            || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':'
            || (fractionDigits > 0 && text[SecondsLength] != '.')
            || !Number(text[..4], out var year) || !Number(text.Slice(5, 2), out var month) || !Number(text.Slice(8, 2), out var day)
            || !Number(text.Slice(11, 2), out var hour) || !Number(text.Slice(14, 2), out var minute)
            || !Number(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var fraction = 0;
        if (fractionDigits > 0 && !Number(text[(SecondsLength + 1)..], out fraction))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        for (var digit = fractionDigits; digit < MaxFractionDigits; digit++)
        {
            fraction *= 10;
        }

        utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction);
        return true;
    }

    private static bool Number(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return true;
    }
}
