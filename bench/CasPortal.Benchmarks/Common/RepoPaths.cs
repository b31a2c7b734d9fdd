namespace CasPortal.Benchmarks.Common;

public static class RepoPaths
{
    /// <summary>The folder holding CasPortal.sln, found upwards from the running binary.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CasPortal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CasPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
