using CasPortal.Benchmarks.Admin;
using CasPortal.Benchmarks.Audit;
using CasPortal.Benchmarks.Common;
using CasPortal.Benchmarks.Http;
using CasPortal.Benchmarks.Parsers;
using CasPortal.Benchmarks.Sessions;

// dotnet run -c Release --project bench/CasPortal.Benchmarks -- <all|audit|parsers|session-check|http|admin> [options]
var suite = args.FirstOrDefault();
var rest = args.Skip(1).ToArray();
switch (suite)
{
    case "all":
        // Every target of the issue in one run: the HTTP load first (it needs the quietest machine), then the admin
        // pages, the audit log and the parsers; the options go to the HTTP, admin and audit suites, BenchmarkDotNet runs
        // with its defaults.
        MachineInfo.Print();
        var failures = await HttpSuite.RunAsync(new Options(rest));
        failures += await AdminPagesSuite.RunAsync(new Options(rest));
        failures += await AuditSuite.RunAsync(new Options(rest));
        failures += ParserSuite.Run([]);
        Targets.Print();
        return failures == 0 ? 0 : 1;
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
    case "admin":
        MachineInfo.Print();
        return await AdminPagesSuite.RunAsync(new Options(rest));
    default:
        Console.Error.WriteLine("""
            Usage: dotnet run -c Release --project bench/CasPortal.Benchmarks -- <suite> [options]
              all      every target in one run: http, admin, audit, then parsers (the http, admin and audit options apply)
              audit    [--events 1000000] [--data /tmp/casportal-bench] [--runs 31] [--exports 3] [--regenerate]
              parsers  [BenchmarkDotNet options, e.g. --filter *Cas3*]
              session-check [BenchmarkDotNet options]
              http     [--port 5199] [--data /tmp/casportal-bench] [--sessions 100000] [--journeys 3000]
                       [--slo-requests 5000] [--seconds 30] [--no-build] [--no-wrk] [--users 5000] [--browsers 16]
                       [--rounds 5] [--round-seconds 3] [--postgres | --postgres-connection "Host=…"]
                       [--variants "name:VAR=1,VAR2=2;name2:…"] [--sustained-seconds 300] [--sustained-path /profile]
                       [--env NAME=VALUE,…] [--phases slo,profile,signins]
              admin    [--events 1000000] [--sessions 100000] [--requests 200] [--warmup 50] [--rounds 5]
                       [--port 5199] [--data /tmp/casportal-bench] [--no-build] [--regenerate] [--env NAME=VALUE,…]
            See docs/PERFORMANCE.md.
            """);
        return 2;
}
