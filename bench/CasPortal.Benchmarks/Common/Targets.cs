namespace CasPortal.Benchmarks.Common;

/// <summary>The targets as each suite measured them, for the one table that <c>all</c> prints at the end.</summary>
public static class Targets
{
    private static readonly List<(string Target, string Measured, string Verdict)> Rows = [];

    public static void Record(string target, string measured, bool pass) => Rows.Add((target, measured, pass ? "PASS" : "MISS"));

    public static void Print()
    {
        Console.WriteLine();
        Console.WriteLine("## All targets, this run");
        Console.WriteLine();
        Console.WriteLine("| target | measured | verdict |");
        Console.WriteLine("|---|---|---|");
        foreach (var (target, measured, verdict) in Rows)
        {
            Console.WriteLine($"| {target} | {measured} | {verdict} |");
        }
    }
}
