namespace CasPortal.TestSupport;

public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string WebProject => Path.Combine(Root, "src", "Web");

    private static string FindRoot()
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
