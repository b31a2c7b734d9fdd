namespace CasPortal.Infrastructure.Tests.Cas;

/// <summary>The sample CAS documents in Cas/Samples, copied to the test output directory.</summary>
internal static class Samples
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Cas", "Samples");

    public static string Read(string name) => File.ReadAllText(Path.Combine(Folder, name));

    public static IEnumerable<string> Names =>
        Directory.EnumerateFiles(Folder)
            .Select(path => Path.GetFileName(path))
            .Where(name => name != "README.md");
}
