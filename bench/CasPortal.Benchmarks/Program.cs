using CasPortal.Benchmarks.Audit;
using CasPortal.Benchmarks.Common;
using CasPortal.Benchmarks.Http;
using CasPortal.Benchmarks.Parsers;
using CasPortal.Benchmarks.Sessions;

// dotnet run -c Release --project bench/CasPortal.Benchmarks -- <audit|parsers|session-check|http> [options]
var suite = args.FirstOrDefault();
var rest = args.Skip(1).ToArray();
switch (suite)
{
    case "audit":
        MachineInfo.Print();
        return await AuditSuite.RunAsync(new Options(rest));
    case "parsers":
        MachineInfo.Print();
        return ParserSuite.Run(rest);
    case "session-check":
        MachineInfo.Print();
        return SessionCheckSuite.Run(rest);
    case "http":
        MachineInfo.Print();
        return await HttpSuite.RunAsync(new Options(rest));
    default:
        Console.Error.WriteLine("""
            Usage: dotnet run -c Release --project bench/CasPortal.Benchmarks -- <suite> [options]
              audit    [--events 1000000] [--data /tmp/casportal-bench] [--runs 31] [--exports 3] [--regenerate]
              parsers  [BenchmarkDotNet options, e.g. --filter *Cas3*]
              session-check [BenchmarkDotNet options]
              http     [--port 5199] [--data /tmp/casportal-bench] [--sessions 100000] [--journeys 3000]
                       [--profile-requests 40000] [--slo-requests 5000] [--seconds 45] [--no-build] [--no-wrk]
            See docs/PERFORMANCE.md.
            """);
        return 2;
}
