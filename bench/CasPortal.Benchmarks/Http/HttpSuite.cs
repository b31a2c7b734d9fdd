using System.Net;
using System.Security;
using System.Text;
using CasPortal.Benchmarks.Common;
using CasPortal.Domain.Sessions;
using static CasPortal.Benchmarks.Common.Stats;

namespace CasPortal.Benchmarks.Http;

/// <summary>
/// Target C: the Release portal in its own process (Development environment, so the development CAS server is mounted
/// at /dev-cas and ticket validation goes over loopback HTTP to it), driven from this process. Every load phase is
/// bounded by a count and a time and stops by itself; the portal processes are stopped at the end.
/// </summary>
public static class HttpSuite
{
    private const string ProfileUser = "bench-profile";
    private const string SessionCookie = "casportal.session";

    /// <summary>Rounds of the /profile side-by-side: checked and bypassed back to back at 16 and 64 connections.</summary>
    private const int Rounds = 5;

    /// <summary>One line of the report, whichever generator produced it.</summary>
    private sealed record Row(string Name, int Connections, long Completed, long Failed, double PerSecond, double P50, double P99, double Max);

    public static async Task<int> RunAsync(Options options)
    {
        var port = options.Int("port", 5199);
        var folder = options.Text("data", "/tmp/casportal-bench");
        var sessions = options.Int("sessions", 100_000);
        var journeys = options.Int("journeys", 3000);
        var profileRequests = options.Int("profile-requests", 40_000);
        var sloRequests = options.Int("slo-requests", 5000);
        var users = options.Int("users", 100);
        var cap = TimeSpan.FromSeconds(options.Int("seconds", 30));
        var wrkSeconds = Math.Min(10, (int)cap.TotalSeconds);
        var useWrk = Wrk.Available && !options.Flag("no-wrk");
        // One phase alone (e.g. while a profiler is attached): --phases signins, or any of slo,profile,signins.
        var phases = options.Text("phases", "slo,profile,signins").Split(',', StringSplitOptions.TrimEntries);
        const int warmSlo = 200;
        if (sessions < warmSlo + 2 * sloRequests)
        {
            throw new ArgumentException($"--sessions must be at least {warmSlo + 2 * sloRequests} (each logout request ends one seeded session).");
        }

        Directory.CreateDirectory(folder);
        if (!options.Flag("no-build"))
        {
            await PortalProcess.BuildAsync();
        }

        var db = Path.Combine(folder, "http.db");
        await SessionSeeder.CreateAsync(db, sessions);

        var portal = new Uri($"http://127.0.0.1:{port}");
        var names = new[] { ProfileUser }.Concat(Enumerable.Range(0, users).Select(i => $"load{i}")).ToArray();
        var environment = PortalEnvironment(portal, db, names, options.Text("env", ""));
        var log = Path.Combine(folder, "portal.log");
        Console.WriteLine($"starting {PortalProcess.WebDll} on {portal} (log: {log})");
        await using var process = PortalProcess.Start(port, environment, log);
        using var http = LoadRunner.NewClient(64);
        await process.WaitReadyAsync(http, portal.ToString().TrimEnd('/'));
        Console.WriteLine($"after start-up: {process.MemoryBreakdown()}");
        var memory = new List<(string Phase, double RssMb)> { ("started", process.Memory().RssMb) };
        Console.WriteLine($"portal pid {process.Id}, {memory[0].RssMb:F0} MB resident after start-up");

        // The /profile runs use one signed-in browser of a user with no other session.
        var cookie = (await Browser.SignInAsync(http, portal, ProfileUser, "pw-" + ProfileUser)).Cookie(SessionCookie)!;
        var profile = new Uri(portal, "/profile");
        var root = new Uri(portal, "/");
        Task ProfileOnce(Uri url) => GetAsync(http, url, cookie, HttpStatusCode.OK);
        Task Journey(int i, StepTimes? steps) => Browser.SignInAsync(http, portal, names[1 + i % users], "pw-" + names[1 + i % users], steps);
        Task Logout(int ticket) => SingleLogoutAsync(http, portal, SessionSeeder.Ticket(ticket));

        Console.WriteLine("warming up…");
        // Long enough for tiered compilation to finish with the sign-in path; the first measured phase ran on
        // partly unoptimised code with a 100-journey warm-up.
        await LoadRunner.RunAsync("warm-up journeys", 16, 1000, cap, i => Journey(i, null));
        await LoadRunner.RunAsync("warm-up /profile", 16, 3000, cap, _ => ProfileOnce(profile));
        await LoadRunner.RunAsync("warm-up logout", 4, warmSlo, cap, Logout);
        await LoadRunner.RunAsync("warm-up /", 16, 2000, cap, i => GetAsync(http, root, i % 2 == 0 ? cookie : null, HttpStatusCode.Found));
        memory.Add(("after warm-up", process.Memory().RssMb));

        var rows = new List<Row>();
        var errors = new List<string>();
        Row Add(LoadResult r)
        {
            var row = new Row(r.Name, r.Connections, r.Completed, r.Failed, r.PerSecond,
                r.Latency?.Median ?? double.NaN, r.Latency?.Percentile(99) ?? double.NaN, r.Latency?.Max ?? double.NaN);
            rows.Add(row);
            if (r.FirstError is not null)
            {
                errors.Add($"first failure of '{r.Name}' at {r.Connections} connections: {r.FirstError}");
            }

            return row;
        }

        Row AddWrk(Wrk.Result r)
        {
            var row = new Row(r.Name, r.Connections, r.Requests, r.NotOk, r.PerSecond, r.P50Ms, r.P99Ms, double.NaN);
            rows.Add(row);
            if (r.Errors is not null)
            {
                errors.Add($"wrk '{r.Name}' at {r.Connections} connections: {r.Errors}");
            }

            return row;
        }

        // A fixed URL at a given concurrency: wrk when installed, else the .NET generator.
        async Task<Row> Fixed(string name, Uri url, int connections, string? withCookie, HttpStatusCode expected) => useWrk
            ? AddWrk(await Wrk.RunAsync(name + " (wrk)", url.ToString(), connections, wrkSeconds, withCookie is null ? null : $"{SessionCookie}={withCookie}"))
            : Add(await LoadRunner.RunAsync(name, connections, profileRequests, cap, _ => GetAsync(http, url, withCookie, expected)));

        // --- 1. Single logout, back channel, with the seeded sessions in the table ---
        var liveBefore = await SessionSeeder.CountAsync(db, "EndedAt IS NULL");
        var endedBefore = await SessionSeeder.CountAsync(db, $"EndReason = {(int)SessionEndReason.SingleLogout}");
        var slo1 = phases.Contains("slo") ? Add(await LoadRunner.RunAsync("POST /login logoutRequest (back channel)", 1, sloRequests, cap, i => Logout(warmSlo + i))) : null;
        var slo16 = phases.Contains("slo") ? Add(await LoadRunner.RunAsync("POST /login logoutRequest (back channel)", 16, sloRequests, cap, i => Logout(warmSlo + sloRequests + i))) : null;
        var ended = await SessionSeeder.CountAsync(db, $"EndReason = {(int)SessionEndReason.SingleLogout}") - endedBefore;
        memory.Add(("after single logout", process.Memory().RssMb));

        // --- 2. GET /profile with a live session cookie, and beside it the same page with the session check bypassed ---
        var checkedRuns = new List<Row>();
        var bypassedRuns = new List<Row>();
        string bypassNote = "not run";
        if (phases.Contains("profile"))
        {
            Add(await LoadRunner.RunAsync("GET /profile (.NET client)", 16, profileRequests, cap, _ => ProfileOnce(profile)));
            Add(await LoadRunner.RunAsync("GET /profile (.NET client)", 64, profileRequests, cap, _ => ProfileOnce(profile)));

            // A second portal on the same database (same data-protection keys, so the same cookie) with the switch on;
            // the two are measured back to back in each round.
            var bypassPortal = new Uri($"http://127.0.0.1:{port + 1}");
            var bypassEnvironment = new Dictionary<string, string>(environment) { ["Benchmark__BypassSessionCheck"] = "true" };
            bypassEnvironment["Portal__PublicBaseUrl"] = bypassPortal.ToString().TrimEnd('/');
            await using var bypass = PortalProcess.Start(port + 1, bypassEnvironment, Path.Combine(folder, "portal-bypass.log"));
            await bypass.WaitReadyAsync(http, bypassPortal.ToString().TrimEnd('/'));
            var bypassProfile = new Uri(bypassPortal, "/profile");
            await LoadRunner.RunAsync("warm-up bypass /profile", 16, 5000, cap, _ => ProfileOnce(bypassProfile));
            await Task.Delay(TimeSpan.FromSeconds(5)); // let background JIT tiering of the new process settle
            for (var round = 0; round < Rounds; round++)
            {
                foreach (var connections in new[] { 16, 64 })
                {
                    checkedRuns.Add(await Fixed("GET /profile, session check", profile, connections, cookie, HttpStatusCode.OK));
                    bypassedRuns.Add(await Fixed("GET /profile, Benchmark:BypassSessionCheck", bypassProfile, connections, cookie, HttpStatusCode.OK));
                }
            }

            bypassNote = "a second portal process with Benchmark:BypassSessionCheck=true";
        }

        memory.Add(("after /profile", process.Memory().RssMb));

        // --- 3. Full sign-in journeys ---
        var steps = new[] { new StepTimes(), new StepTimes() };
        var cpu = new List<string>();
        async Task<Row?> SignIns(int connections, StepTimes times)
        {
            if (!phases.Contains("signins"))
            {
                return null;
            }

            var (portalBefore, generatorBefore) = (process.CpuTime(), System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);
            var row = Add(await LoadRunner.RunAsync("sign-in journey (5 requests)", connections, journeys, cap * 2, i => Journey(i, times)));
            var portalMs = (process.CpuTime() - portalBefore).TotalMilliseconds / row.Completed;
            var generatorMs = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - generatorBefore).TotalMilliseconds / row.Completed;
            cpu.Add($"{connections} connections: portal {F(portalMs)} ms, load generator {F(generatorMs)} ms");
            return row;
        }

        var signIns16 = await SignIns(16, steps[0]);
        var signIns64 = await SignIns(64, steps[1]);
        var (rss, peak) = process.Memory();
        memory.Add(("after sign-ins", rss));
        var breakdown = process.MemoryBreakdown();

        // --- Report ---
        Console.WriteLine();
        Console.WriteLine($"## HTTP load ({(useWrk ? "wrk 4.1 for fixed URLs, " : "")}the .NET load generator in bench/ for the rest; same 2 cores as the portal)");
        Console.WriteLine();
        Console.WriteLine("| run | connections | completed | failed | per s | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            Console.WriteLine($"| {r.Name} | {r.Connections} | {Num(r.Completed)} | {r.Failed} | {Num(r.PerSecond)} | {F(r.P50)} | {F(r.P99)} | {(double.IsNaN(r.Max) ? "–" : F(r.Max))} |");
        }

        Console.WriteLine();
        errors.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("### Sign-in journey, per step (median / p99 ms)");
        Console.WriteLine();
        Console.WriteLine("| step | 16 connections | 64 connections |");
        Console.WriteLine("|---|---:|---:|");
        for (var s = 0; s < StepTimes.Names.Length; s++)
        {
            Console.WriteLine($"| {StepTimes.Names[s]} | {Cell(steps[0].Samples(s))} | {Cell(steps[1].Samples(s))} |");
        }

        Console.WriteLine();
        if (cpu.Count > 0)
        {
            var available = Environment.ProcessorCount * 1000.0 / Math.Max(signIns16?.PerSecond ?? 0, signIns64?.PerSecond ?? 0);
            Console.WriteLine($"CPU time per sign-in journey (of the {Environment.ProcessorCount} cores' {available:F2} ms per journey at the best rate): {string.Join("; ", cpu)}");
        }

        Console.WriteLine($"single logout: {liveBefore:N0} live sessions before; {ended:N0} ended by the {(slo1?.Completed ?? 0) + (slo16?.Completed ?? 0):N0} measured requests (each names one seeded session)");
        Console.WriteLine("resident memory (VmRSS): " + string.Join(", ", memory.Select(m => $"{m.Phase} {m.RssMb:F0} MB")) + $"; peak (VmHWM) {peak:F0} MB");
        Console.WriteLine($"resident memory at the end: {breakdown}");
        Console.WriteLine();

        var bestSignIns = Math.Max(signIns16?.PerSecond ?? 0, signIns64?.PerSecond ?? 0);
        var check = new StringBuilder();
        var costs = new List<double>();
        foreach (var connections in checkedRuns.Select(r => r.Connections).Distinct())
        {
            // Each round measures the two processes back to back, so a round's ratio cancels the machine's drift
            // between rounds; the verdict takes the median of the rounds' costs.
            var with = checkedRuns.Where(r => r.Connections == connections).Select(r => r.PerSecond).ToList();
            var without = bypassedRuns.Where(r => r.Connections == connections).Select(r => r.PerSecond).ToList();
            var perRound = with.Zip(without, (w, wo) => 1 - w / wo).ToList();
            costs.Add(new Stats(perRound).Median);
            check.Append($"{connections} conn.: {Num(new Stats(with).Median)}/s with the check, {Num(new Stats(without).Median)}/s without (medians); " +
                $"cost per round {string.Join(", ", perRound.Select(c => F(c * 100, 0) + "%"))} → median {F(costs[^1] * 100, 0)}%; ");
        }

        Console.WriteLine("## Targets");
        Console.WriteLine();
        Console.WriteLine("| target | measured | verdict |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| session check ≤ 20% of /profile throughput | {check}({bypassNote}; {Rounds} alternated rounds) | " +
            $"{(costs.Count == 0 ? "not run" : costs.Max() <= 0.2 ? "PASS" : "MISS")} |");
        Console.WriteLine($"| ≥ 500 sign-ins/s | {Num(bestSignIns)}/s (best of 16 and 64 connections) | {(bestSignIns >= 500 ? "PASS" : "MISS")} |");
        Console.WriteLine($"| single logout p99 ≤ 5 ms, {sessions:N0} sessions | p99 {F(slo1?.P99 ?? double.NaN)} ms at 1 connection, {F(slo16?.P99 ?? double.NaN)} ms at 16 | {(slo1 is null ? "not run" : slo1.P99 <= 5 ? "PASS" : "MISS")} (1 connection) |");
        Console.WriteLine($"| peak resident memory ≤ 200 MB | {peak:F0} MB (VmHWM) | {(peak <= 200 ? "PASS" : "MISS")} |");
        if (costs.Count > 0)
        {
            Targets.Record("session check costs ≤ 20 % of /profile throughput", $"median cost per round {string.Join(" and ", costs.Select(c => F(c * 100, 0) + " %"))} (16 and 64 connections)", costs.Max() <= 0.2);
        }

        if (signIns16 is not null || signIns64 is not null)
        {
            Targets.Record("≥ 500 full sign-ins/s", $"{Num(bestSignIns)}/s (best of 16 and 64 connections)", bestSignIns >= 500);
        }

        if (slo1 is not null)
        {
            Targets.Record($"single logout p99 ≤ 5 ms with {sessions:N0} sessions", $"{F(slo1.P99)} ms at 1 connection", slo1.P99 <= 5);
        }

        Targets.Record("peak resident memory of the portal ≤ 200 MB", $"{peak:F0} MB VmHWM", peak <= 200);
        return rows.Sum(r => r.Failed) == 0 && ended == (slo1?.Completed ?? 0) + (slo16?.Completed ?? 0) ? 0 : 1;
    }

    /// <summary>
    /// Development (so /dev-cas is mounted), the public URL, a fresh database, the load users as development CAS
    /// users beside alice and bob, and the per-address rate limits raised: every simulated browser here comes from
    /// 127.0.0.1, where a real rush comes from thousands of addresses. <c>--env A=1,B=2</c> adds variables.
    /// </summary>
    private static Dictionary<string, string> PortalEnvironment(Uri portal, string db, string[] names, string extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Portal__PublicBaseUrl"] = portal.ToString().TrimEnd('/'),
            ["ConnectionStrings__Portal"] = $"Data Source={db}",
            ["RateLimits__SignInPerMinute"] = "100000000",
            ["RateLimits__LogoutPerMinute"] = "100000000",
            ["RateLimits__CasServerPostsPerMinute"] = "100000000",
        };
        for (var i = 0; i < names.Length; i++)
        {
            var key = $"DevCas__Users__{i + 2}__";
            environment[key + "Username"] = names[i];
            environment[key + "Password"] = "pw-" + names[i];
            environment[key + "Attributes__displayName__0"] = "Load " + names[i];
            environment[key + "Attributes__mail__0"] = names[i] + "@example.edu";
            environment[key + "Attributes__memberOf__0"] = "cn=students,ou=groups,dc=example,dc=edu";
            environment[key + "Attributes__memberOf__1"] = "cn=library,ou=groups,dc=example,dc=edu";
        }

        foreach (var pair in extra.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (pair.Split('=', 2)[0], pair.Split('=', 2).ElementAtOrDefault(1) ?? "");
            environment[name] = value;
            Console.WriteLine($"extra portal environment: {name}={value}");
        }

        return environment;
    }

    private static string Cell(IReadOnlyList<double> samples) =>
        samples.Count == 0 ? "–" : $"{F(new Stats(samples).Median)} / {F(new Stats(samples).Percentile(99))}";

    private static async Task GetAsync(HttpClient http, Uri url, string? cookie, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"{SessionCookie}={cookie}");
        }

        using var response = await http.SendAsync(request);
        await LoadRunner.ExpectAsync(response, expected, "GET " + url.PathAndQuery);
    }

    /// <summary>The CAS server's back-channel logout: a SAML LogoutRequest naming one service ticket, as a form field.</summary>
    private static async Task SingleLogoutAsync(HttpClient http, Uri portal, string ticket)
    {
        var xml = "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"LR-" + ticket + "\" Version=\"2.0\" IssueInstant=\""
            + DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) + "\">"
            + "<saml:NameID xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">@NOT_USED@</saml:NameID>"
            + $"<samlp:SessionIndex>{SecurityElement.Escape(ticket)}</samlp:SessionIndex></samlp:LogoutRequest>";
        using var response = await http.PostAsync(new Uri(portal, "/login"), new FormUrlEncodedContent([new("logoutRequest", xml)]));
        await LoadRunner.ExpectAsync(response, HttpStatusCode.OK, "POST /login (logoutRequest)");
    }
}
