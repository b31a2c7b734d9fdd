using System.Text.RegularExpressions;

namespace CasPortal.Architecture.Tests;

/// <summary>A use case's name leads to exactly one folder, and inside it to one file: the message with its handler.</summary>
public partial class UseCaseLayoutTests
{
    [Fact]
    public void Every_handler_lives_in_the_file_of_its_message_named_after_the_message()
    {
        var application = Path.Combine(RepositoryRoot(), "src", "Application");
        var misplaced = Directory.EnumerateFiles(application, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(path => RequestHandler().Matches(File.ReadAllText(path))
                .Select(match => (File: Path.GetRelativePath(application, path).Replace('\\', '/'), Message: match.Groups["message"].Value)))
            .Where(handler => Path.GetFileName(handler.File) != handler.Message + ".cs")
            .Select(handler => handler.File)
            .ToList();

        Assert.Empty(misplaced);
    }

    [Fact]
    public void Every_use_case_folder_has_its_test_folder()
    {
        var root = RepositoryRoot();
        var application = Path.Combine(root, "src", "Application");
        var tests = Path.Combine(root, "tests", "Application.UnitTests");
        var untested = Directory.EnumerateFiles(application, "*.cs", SearchOption.AllDirectories)
            .Where(path => RequestHandler().IsMatch(File.ReadAllText(path)))
            .Select(path => Path.GetRelativePath(application, Path.GetDirectoryName(path)!))
            .Distinct()
            .Where(folder => !Directory.Exists(Path.Combine(tests, folder)))
            .Order()
            .ToList();

        Assert.Empty(untested);
    }

    /// <summary>A Mediator request handler and the message it handles (its first type argument).</summary>
    [GeneratedRegex(@"class \w+\b[^{;]*?I(?:Command|Query|Request|StreamQuery|StreamRequest)Handler<(?<message>\w+)")]
    private static partial Regex RequestHandler();

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
