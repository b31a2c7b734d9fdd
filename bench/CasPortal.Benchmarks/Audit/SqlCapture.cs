using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CasPortal.Benchmarks.Audit;

/// <summary>
/// Records the SQL (and parameter values) the real handlers send, so the report can show SQLite's plan for exactly that
/// statement instead of a hand-written copy of the query.
/// </summary>
public sealed class SqlCapture : DbCommandInterceptor
{
    private readonly List<(string Sql, (string Name, object? Value)[] Parameters)> _commands = [];

    public bool Enabled { get; set; }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    /// <summary>The captured statements with SQLite's EXPLAIN QUERY PLAN under each, then forgets them.</summary>
    public string Explain(string connectionString)
    {
        var text = new StringBuilder();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        foreach (var (sql, parameters) in _commands)
        {
            text.AppendLine(sql.Trim()).AppendLine("-- parameters: " + string.Join(", ", parameters.Select(p => $"{p.Name}={Show(p.Value)}")));
            using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var (name, value) in parameters)
            {
                explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            var depth = new Dictionary<long, int> { [0] = 0 };
            using var reader = explain.ExecuteReader();
            while (reader.Read())
            {
                var level = depth.GetValueOrDefault(reader.GetInt64(1)) + 1;
                depth[reader.GetInt64(0)] = level;
                text.Append("-- plan: ").Append(new string(' ', 2 * (level - 1))).AppendLine(reader.GetString(3));
            }

            text.AppendLine();
        }

        _commands.Clear();
        return text.ToString();
    }

    private static string? Show(object? value) => value switch
    {
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture),
        string text => "'" + text.Replace(char.MaxValue.ToString(), "\\uFFFF") + "'",
        _ => value?.ToString(),
    };

    private void Record(DbCommand command)
    {
        if (Enabled)
        {
            _commands.Add((command.CommandText,
                command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value == DBNull.Value ? null : p.Value)).ToArray()));
        }
    }
}
