using System.Text.RegularExpressions;
using System.Reflection;

namespace CasPortal.Architecture.Tests;

/// <summary>The arrows point inward: Web → Application → Domain, Infrastructure → Application.</summary>
public class DependencyRulesTests
{
    private static readonly Assembly Domain = typeof(CasPortal.Domain.Limits).Assembly;
    private static readonly Assembly Application = typeof(CasPortal.Application.DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(CasPortal.Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly DevCas = typeof(CasPortal.DevCas.DevCasOptions).Assembly;

    [Fact]
    public void Domain_references_only_the_base_class_library()
    {
        Assert.All(References(Domain), name => Assert.StartsWith("System.", name));
    }

    [Fact]
    public void Application_references_no_web_framework_no_database_provider_and_no_http_client()
    {
        var references = References(Application);
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.EntityFrameworkCore.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.Data.", StringComparison.Ordinal));
        Assert.DoesNotContain("System.Net.Http", references);
        Assert.DoesNotContain("Microsoft.Extensions.Http", references);
        Assert.Equal(["CasPortal.Domain"], references.Where(n => n.StartsWith("CasPortal.", StringComparison.Ordinal)));
    }

    [Fact]
    public void Application_parses_no_protocol_messages_the_CAS_protocol_lives_in_Infrastructure_Cas()
    {
        // XML, deflate and regular expressions over what a CAS server sends are protocol work: Infrastructure/Cas.
        var references = References(Application);
        Assert.DoesNotContain(references, name => name.StartsWith("System.Xml", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith("System.IO.Compression", StringComparison.Ordinal));
        Assert.DoesNotContain(Application.GetTypes(), type => type.Namespace?.StartsWith("CasPortal.Application", StringComparison.Ordinal) == true
            && type.Name is "ProxyChainPolicy" or "LogoutRequest" or "CasOptionsValidator");
    }

    [Fact]
    public void Only_the_web_layer_knows_OpenTelemetry_the_others_record_with_System_Diagnostics()
    {
        Assert.DoesNotContain(References(Application), name => name.StartsWith("OpenTelemetry", StringComparison.Ordinal));
        Assert.DoesNotContain(References(Infrastructure), name => name.StartsWith("OpenTelemetry", StringComparison.Ordinal));
        Assert.DoesNotContain(References(Domain), name => name.StartsWith("OpenTelemetry", StringComparison.Ordinal));
    }

    [Fact]
    public void Infrastructure_depends_on_Application_and_never_on_the_web_layer()
    {
        var references = References(Infrastructure);
        Assert.Contains("CasPortal.Application", references);
        Assert.DoesNotContain("CasPortal.Web", references);
        Assert.DoesNotContain("CasPortal.DevCas", references);
    }

    [Fact]
    public void The_development_CAS_server_shares_no_code_with_the_portal()
    {
        Assert.DoesNotContain(References(DevCas), name => name.StartsWith("CasPortal.", StringComparison.Ordinal));
    }

    [Fact]
    public void Web_touches_Infrastructure_only_where_it_composes_the_app()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "Web");
        var offenders = Directory.EnumerateFiles(web, "*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(path => File.ReadAllText(path).Contains("CasPortal.Infrastructure", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(web, path))
            .ToList();

        Assert.All(offenders, path => Assert.Contains(path, new[] { "Program.cs", "DependencyInjection.cs" }));
        Assert.Contains("Program.cs", offenders);
    }

    [Fact]
    public void Only_the_development_mount_uses_the_development_CAS_server()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "Web");
        var users = SourceFiles(web)
            .Where(path => File.ReadAllText(path).Contains("CasPortal.DevCas", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(web, path))
            .ToList();

        Assert.Equal(["DevelopmentCas.cs"], users);
    }

    [Fact]
    public void SQLite_tuning_stays_in_its_folder_behind_the_one_registration_in_Infrastructure()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var tuning = Path.Combine(src, "Infrastructure", "Persistence", "Sqlite");
        string[] marks =
        [
            "Persistence.Sqlite", "SqliteWriteGate", "SqliteConnectionSetup", "SqliteCheckpoint", "NativeHeapTrim", "SqliteSignedInReads",
            "SessionChangeCounters", "SessionChangeInterceptor", "SQLitePCL", "sqlite3_", "malloc_trim", "DllImport", "LibraryImport",
        ];
        var offenders = SourceFiles(src)
            .Where(path => !path.StartsWith(tuning + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(path => (Path: Path.GetRelativePath(src, path), Marks: string.Join(", ", marks.Where(File.ReadAllText(path).Contains))))
            .Where(file => file.Marks.Length > 0)
            .ToList();

        var registration = Path.Combine("Infrastructure", "DependencyInjection.cs");
        Assert.All(offenders, file => Assert.Equal((registration, "Persistence.Sqlite"), file));
        Assert.Contains("services.AddSqliteTuning(", File.ReadAllText(Path.Combine(src, registration)));
    }

    [Fact]
    public void Session_rows_change_in_bulk_only_where_they_had_already_ended()
    {
        // SQLite's signed-in reads keep a live session's row while no save has counted a change to it
        // (Persistence/Sqlite/SessionChangeInterceptor counts tracked saves): a bulk update or delete, or raw SQL, of
        // live rows would change them uncounted, and a revoked session could be let in.
        var src = Path.Combine(RepositoryRoot(), "src");
        var bulk = new Regex(
            @"\.Sessions(\s*\.Where\([^;]*?\))?\s*\.Execute(Update|Delete)|(UPDATE|DELETE\s+FROM)\s+\\?""?Sessions\b",
            RegexOptions.IgnoreCase);
        var found = SourceFiles(src)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}")
                && !path.Contains($"{Path.DirectorySeparatorChar}PostgresMigrations{Path.DirectorySeparatorChar}"))
            .SelectMany(path => bulk.Matches(File.ReadAllText(path)).Select(match => (Path: Path.GetRelativePath(src, path), match.Value)))
            .ToList();

        var (file, statement) = Assert.Single(found);
        Assert.Equal(Path.Combine("Application", "Sessions", "CloseExpiredSessions", "CloseExpiredSessionsCommand.cs"), file);
        Assert.Contains("s.EndedAt != null", statement);
    }

    /// <summary>Every C# file and Razor view under <paramref name="folder"/>, build output left out.</summary>
    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    private static List<string> References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CasPortal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CasPortal.sln not found above the test assembly.");
    }
}
