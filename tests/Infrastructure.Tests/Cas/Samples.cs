namespace CasPortal.Infrastructure.Tests.Cas;

/// <summary>The sample CAS documents in Cas/Samples, copied to the test output directory.</summary>
internal static class Samples
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Cas", "Samples");

    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));

    public static IEnumerable<string> Names =>
        System.IO.Directory.EnumerateFiles(Directory)
            .Select(path => Path.GetFileName(path))
            .Where(name => name != "README.md");
}
