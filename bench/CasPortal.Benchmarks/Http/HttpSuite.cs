using System.Net;
using System.Security;
using System.Text;
using CasPortal.Benchmarks.Common;
using CasPortal.Domain.Sessions;
using static CasPortal.Benchmarks.Common.Stats;

namespace CasPortal.Benchmarks.Http;

/// <summary>
/// Target C: the Release portal in its own process (Production environment; the development CAS server runs in this
/// process on its own port, see <see cref="BenchCasServer"/>, and ticket validation goes over loopback HTTP to it),
/// driven from this process, beside the processes it
/// is compared with: the baseline Razor app (bench/CasPortal.Baseline), two more portals started alike, one with
/// telemetry off and its twin with telemetry on, optional
/// runtime-setting variants, other builds of the portal, and optionally the portal on PostgreSQL, on one node and on two.
/// The compared processes are measured in alternated rounds, so a round's ratio cancels the machine's drift; the verdicts take the median of the rounds'
/// ratios. Every load phase is bounded by a count and a time and stops by itself; the processes are stopped at the end.
/// </summary>
public static class HttpSuite
{
    private const string ProfileUser = "bench-profile";
    private const string SessionCookie = "casportal.session";
    private const int Connections = 16;
    private const string TwoNodes = "PostgreSQL, two nodes";
    private const string TelemetryOn = "telemetry on";
    private const string TelemetryOff = "telemetry off";

    /// <summary>One line of the report, whichever generator produced it.</summary>
    private sealed record Row(string Name, int Connections, long Completed, long Failed, double PerSecond, double P50, double P99, double Max);

    /// <summary>
    /// A URL measured in every round: <c>Key</c> names it in the ratios. With <c>Second</c>, the same page on a second
    /// node shares the round's connections, half each, and the round's figure is the two nodes' sum.
    /// </summary>
    private sealed record Page(string Key, Uri Url, string? Cookie, HttpStatusCode Expected, Uri? Second = null);

    /// <summary>
    /// A running portal process the rounds compare, with the signed-in cookie valid on it; with <c>Second</c>, two nodes of
    /// one database, measured together.
    /// </summary>
    private sealed record Portal(
        string Name, Uri Address, PortalProcess Process, string Cookie, Uri? Second = null, PortalProcess? SecondProcess = null)
    {
        /// <summary>The portals the targets are checked for, each on its own database: not the variants of the SQLite one.</summary>
        public bool HasTargets => Name is "SQLite" or "PostgreSQL" or TwoNodes;

        public bool IsTelemetryTwin => Name is TelemetryOn or TelemetryOff;

        public Uri At(string path) => new(Address, path);

        public Uri? SecondAt(string path) => Second is null ? null : new Uri(Second, path);
    }

    public static async Task<int> RunAsync(Options options)
    {
        var port = options.Int("port", 5199);
        var folder = options.Text("data", "/tmp/casportal-bench");
        var sessions = options.Int("sessions", 100_000);
        var journeys = options.Int("journeys", 3000);
        var sloRequests = options.Int("slo-requests", 5000);
        // Sign-in journeys cycle through this many CAS users. Enough that each keeps a handful of live sessions over a
        // run, as people do; with 100, every journey's /profile listed and rendered 50 of a user's hundreds.
        var users = options.Int("users", 5000);
        // Concurrent browsers of the sign-in rounds; issue 7 set the sign-in target as the best of 16 and 64.
        var browsers = options.Int("browsers", Connections);
        var cap = TimeSpan.FromSeconds(options.Int("seconds", 30));
        var rounds = options.Int("rounds", 5);
        var roundSeconds = options.Int("round-seconds", 3);
        // Each page alone before the rounds, the baseline's too: with a few thousand requests of warm-up, tiered
        // compilation was still at work in the first round (run S7: the baseline page's first round at half its later rate).
        var warmSeconds = options.Int("warm-seconds", 10);
        var sustainedSeconds = options.Int("sustained-seconds", 0);
        var sustainedPath = options.Text("sustained-path", "/profile");
        var useWrk = Wrk.Available && !options.Flag("no-wrk");
        // One phase alone (e.g. while a profiler is attached): --phases signins, or any of slo,profile,signins.
        var phases = options.Text("phases", "slo,profile,signins").Split(',', StringSplitOptions.TrimEntries);
        // Runtime-setting variants, each a portal process of its own: --variants "pgo:DOTNET_TieredPGO=1;server-gc:DOTNET_gcServer=1"
        var variants = options.Text("variants", "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => (Name: v.Split(':', 2)[0], Env: v.Split(':', 2).ElementAtOrDefault(1) ?? "")).ToList();
        // Other builds of the portal, each a process of its own beside this tree's: --builds "before=/tmp/before"
        // (folders of `dotnet build -c Release src/Web -o DIR`), to measure a code change side by side.
        var builds = options.Text("builds", "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(b => (Name: b.Split('=', 2)[0], Folder: b.Split('=', 2).ElementAtOrDefault(1) ?? "")).ToList();
        if (builds.FirstOrDefault(b => !File.Exists(Path.Combine(b.Folder, "CasPortal.Web.dll"))) is { Name: { } missing } build)
        {
            throw new ArgumentException($"--builds: '{missing}' names no folder with CasPortal.Web.dll ('{build.Folder}').");
        }

        var postgresConnection = options.Text("postgres-connection", "");
        // --postgres-nodes 2: also two portal nodes on the one PostgreSQL database, measured together beside one node.
        var postgresNodes = options.Int("postgres-nodes", 1);
        if (postgresNodes is not (1 or 2))
        {
            throw new ArgumentException("--postgres-nodes must be 1 or 2.");
        }

        var onPostgres = options.Flag("postgres") || postgresConnection.Length > 0 || postgresNodes == 2;
        // Logout requests before the measured ones: enough for tiered compilation to finish with the logout path (a
        // few seconds of background JIT), so the figures are the steady state's; with 200, the first measured
        // thousand ran beside the JIT and set the 1-connection p99.
        const int warmSlo = 5000;
        if (phases.Contains("slo") && sessions < warmSlo + 2 * sloRequests)
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
        await using var cas = await BenchCasServer.StartAsync(port + 30, names);
        var environment = PortalEnvironment(portal, cas.Url, db, options.Text("env", ""));
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
        Task Journey(Uri at, int i, StepTimes? steps) => Browser.SignInAsync(http, at, names[1 + i % users], "pw-" + names[1 + i % users], steps);
        // On two nodes, a journey signs in on one and opens /profile on the other, every other journey the other way round.
        Task JourneyOn(Portal p, int i, StepTimes? steps) => p.Second is null
            ? Journey(p.Address, i, steps)
            : Browser.SignInAsync(http, i % 2 == 0 ? p.Address : p.Second, names[1 + i % users], "pw-" + names[1 + i % users], steps,
                profileAt: i % 2 == 0 ? p.Second : p.Address);
        Task Logout(int ticket) => SingleLogoutAsync(http, portal, SessionSeeder.Ticket(ticket));

        Console.WriteLine("warming up…");
        // Long enough for tiered compilation to finish with the sign-in path; the first measured phase ran on
        // partly unoptimised code with a 100-journey warm-up.
        await WarmUpAsync(portal, cookie);
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

        // A fixed URL for one round's time: wrk when installed, else the .NET generator. On two nodes, half the
        // connections each, at the same time.
        async Task<Row> Fixed(Page page)
        {
            if (page.Second is null)
            {
                return useWrk
                    ? AddWrk(await WrkAsync(page.Key + " (wrk)", page.Url, Connections, roundSeconds, page.Cookie))
                    : Add(await LoadRunner.RunAsync(page.Key, Connections, int.MaxValue, TimeSpan.FromSeconds(roundSeconds), _ => GetAsync(http, page.Url, page.Cookie, page.Expected)));
            }

            if (useWrk)
            {
                var halves = await Task.WhenAll(
                    WrkAsync(page.Key + " (wrk, node A)", page.Url, Connections / 2, roundSeconds, page.Cookie),
                    WrkAsync(page.Key + " (wrk, node B)", page.Second, Connections / 2, roundSeconds, page.Cookie));
                halves.ToList().ForEach(h => AddWrk(h));
                return AddWrk(new Wrk.Result(page.Key + " (wrk, both nodes)", Connections, halves.Sum(h => h.PerSecond),
                    halves.Max(h => h.P50Ms), halves.Max(h => h.P99Ms), halves.Sum(h => h.Requests), halves.Sum(h => h.NotOk), null));
            }

            var both = await Task.WhenAll(
                LoadRunner.RunAsync(page.Key + " (node A)", Connections / 2, int.MaxValue, TimeSpan.FromSeconds(roundSeconds), _ => GetAsync(http, page.Url, page.Cookie, page.Expected)),
                LoadRunner.RunAsync(page.Key + " (node B)", Connections / 2, int.MaxValue, TimeSpan.FromSeconds(roundSeconds), _ => GetAsync(http, page.Second, page.Cookie, page.Expected)));
            both.ToList().ForEach(r => Add(r));
            var a = rows[^2];
            var b = rows[^1];
            var sum = new Row(page.Key + " (both nodes)", Connections, a.Completed + b.Completed, a.Failed + b.Failed, a.PerSecond + b.PerSecond,
                Math.Max(a.P50, b.P50), Math.Max(a.P99, b.P99), Math.Max(a.Max, b.Max));
            rows.Add(sum);
            return sum;
        }

        Task<Wrk.Result> WrkAsync(string name, Uri url, int connections, int seconds, string? signedIn) =>
            Wrk.RunAsync(name, url.ToString(), connections, seconds, signedIn is null ? null : $"{SessionCookie}={signedIn}");

        async Task WarmPageAsync(Page page)
        {
            foreach (var url in new[] { page.Url, page.Second }.OfType<Uri>())
            {
                if (useWrk)
                {
                    await WrkAsync("warm-up " + page.Key, url, Connections, warmSeconds, page.Cookie);
                }
                else
                {
                    await LoadRunner.RunAsync("warm-up " + page.Key, Connections, int.MaxValue, TimeSpan.FromSeconds(warmSeconds), _ => GetAsync(http, url, page.Cookie, page.Expected));
                }
            }
        }

        async Task WarmUpAsync(Uri at, string signedIn)
        {
            await LoadRunner.RunAsync("warm-up journeys", 16, 1000, cap, i => Journey(at, i, null));
            await LoadRunner.RunAsync("warm-up /profile", 16, 3000, cap, _ => GetAsync(http, new Uri(at, "/profile"), signedIn, HttpStatusCode.OK));
            await LoadRunner.RunAsync("warm-up /logout-callback", 16, 3000, cap, i => GetAsync(http, new Uri(at, "/logout-callback"), i % 2 == 0 ? signedIn : null, HttpStatusCode.OK));
        }

        // --- 1. Single logout, back channel, with the seeded sessions in the table ---
        var liveBefore = await SessionSeeder.CountAsync(db, "EndedAt IS NULL");
        var endedBefore = await SessionSeeder.CountAsync(db, $"EndReason = {(int)SessionEndReason.SingleLogout}");
        var slo1 = phases.Contains("slo") ? Add(await LoadRunner.RunAsync("POST /login logoutRequest (back channel)", 1, sloRequests, cap, i => Logout(warmSlo + i))) : null;
        var slo16 = phases.Contains("slo") ? Add(await LoadRunner.RunAsync("POST /login logoutRequest (back channel)", 16, sloRequests, cap, i => Logout(warmSlo + sloRequests + i))) : null;
        var ended = await SessionSeeder.CountAsync(db, $"EndReason = {(int)SessionEndReason.SingleLogout}") - endedBefore;
        memory.Add(("after single logout", process.Memory().RssMb));

        // --- The compared processes: the baseline page, telemetry on and off, the variants, PostgreSQL ---
        // The SQLite ones share the database (and so the data-protection keys and the signed-in cookie).
        await using var others = new ProcessList();
        var baselineUrl = new Uri($"http://127.0.0.1:{port + 10}/");
        var baseline = others.Add(PortalProcess.StartBaseline(port + 10, Path.Combine(folder, "baseline.log")));
        await baseline.WaitReadyAsync(http, baselineUrl.ToString().TrimEnd('/'));
        await LoadRunner.RunAsync("warm-up baseline", 16, 3000, cap, _ => GetAsync(http, baselineUrl, null, HttpStatusCode.OK));
        var compared = new List<Portal> { new("SQLite", portal, process, cookie) };

        async Task<Portal> StartPortalAsync(string name, int at, Dictionary<string, string> env, string? signedIn, string? buildFolder = null)
        {
            var address = new Uri($"http://127.0.0.1:{at}");
            env["Portal__PublicBaseUrl"] = address.ToString().TrimEnd('/');
            var log = Path.Combine(folder, $"portal-{name.Replace(' ', '-')}.log");
            var started = others.Add(buildFolder is null ? PortalProcess.Start(at, env, log) : PortalProcess.StartBuild(buildFolder, at, env, log));
            await started.WaitReadyAsync(http, address.ToString().TrimEnd('/'));
            signedIn ??= (await Browser.SignInAsync(http, address, ProfileUser, "pw-" + ProfileUser)).Cookie(SessionCookie)!;
            await WarmUpAsync(address, signedIn);
            Console.WriteLine($"{name}: pid {started.Id} on {address}");
            return new Portal(name, address, started, signedIn);
        }

        PostgresCluster? cluster = null;
        try
        {
            if (phases.Contains("profile") || phases.Contains("signins"))
            {
                // What telemetry costs is measured between two processes started and warmed up alike: the main portal
                // has also served the single-logout phase and its warm-up, and processes of one build differ by up
                // to a tenth (docs/PERFORMANCE.md, ninth round).
                compared.Add(await StartPortalAsync(TelemetryOn, port + 19, new(environment), cookie));
                compared.Add(await StartPortalAsync(TelemetryOff, port + 1, new(environment) { ["Telemetry__Enabled"] = "false" }, cookie));
                for (var v = 0; v < variants.Count; v++)
                {
                    var env = new Dictionary<string, string>(environment);
                    foreach (var pair in variants[v].Env.Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        env[pair.Split('=', 2)[0]] = pair.Split('=', 2).ElementAtOrDefault(1) ?? "";
                    }

                    compared.Add(await StartPortalAsync(variants[v].Name, port + 2 + v, env, cookie));
                }

                for (var b = 0; b < builds.Count; b++)
                {
                    compared.Add(await StartPortalAsync(builds[b].Name, port + 12 + b, new(environment), cookie, builds[b].Folder));
                }

                if (onPostgres)
                {
                    if (postgresConnection.Length == 0)
                    {
                        cluster = await PostgresCluster.StartAsync();
                        postgresConnection = cluster.ConnectionString;
                        Console.WriteLine($"PostgreSQL: {cluster.Version}, a private cluster with durability off (as ./test.sh starts the tests' one)");
                    }

                    var pg = new Dictionary<string, string>(environment)
                    {
                        ["Database__Provider"] = "Postgres",
                        ["ConnectionStrings__Portal"] = postgresConnection,
                    };
                    var nodeA = await StartPortalAsync("PostgreSQL", port + 20, pg, null);
                    compared.Add(nodeA);
                    if (postgresNodes == 2)
                    {
                        // Node B shares node A's database, so node A's signed-in cookie holds on it too.
                        var nodeB = await StartPortalAsync("PostgreSQL node B", port + 21, new Dictionary<string, string>(pg), nodeA.Cookie);
                        compared.Add(new Portal(TwoNodes, nodeA.Address, nodeA.Process, nodeA.Cookie, nodeB.Address, nodeB.Process));
                    }
                }

                await Task.Delay(TimeSpan.FromSeconds(5)); // let background JIT tiering of the new processes settle
            }

            // --- 2. Pages side by side: the baseline, then per portal the anonymous layout page, the same page signed in
            //        (no query of its own: only the session check), and /profile; each round in a rotated order ---
            var pages = new List<Page> { new("baseline GET /", baselineUrl, null, HttpStatusCode.OK) };
            foreach (var p in compared)
            {
                if (p.HasTargets)
                {
                    pages.Add(new($"{p.Name}: /logout-callback anonymous", p.At("/logout-callback"), null, HttpStatusCode.OK, p.SecondAt("/logout-callback")));
                }

                if (!p.IsTelemetryTwin) // their target is on /profile alone
                {
                    pages.Add(new($"{p.Name}: /logout-callback signed in", p.At("/logout-callback"), p.Cookie, HttpStatusCode.OK, p.SecondAt("/logout-callback")));
                }

                pages.Add(new($"{p.Name}: /profile signed in", p.At("/profile"), p.Cookie, HttpStatusCode.OK, p.SecondAt("/profile")));
            }

            var pageRounds = pages.ToDictionary(p => p.Key, _ => new List<double>());
            if (phases.Contains("profile"))
            {
                foreach (var page in pages)
                {
                    await WarmPageAsync(page);
                }

                for (var round = 0; round < rounds; round++)
                {
                    for (var i = 0; i < pages.Count; i++)
                    {
                        var page = pages[(i + round) % pages.Count];
                        pageRounds[page.Key].Add((await Fixed(page)).PerSecond);
                    }
                }
            }

            memory.Add(("after the page rounds", process.Memory().RssMb));

            // --- 3. Full sign-in journeys, alternated between the portals ---
            var steps = new StepTimes();
            var signInRounds = compared.ToDictionary(p => p.Name, _ => new List<double>());
            var cpu = new List<double>();
            var generatorCpu = new List<double>();
            if (phases.Contains("signins"))
            {
                for (var round = 0; round < rounds; round++)
                {
                    for (var i = 0; i < compared.Count; i++)
                    {
                        var p = compared[(i + round) % compared.Count];
                        var (portalBefore, generatorBefore) = (p.Process.CpuTime(), System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);
                        var row = Add(await LoadRunner.RunAsync($"{p.Name}: sign-in journey (5 requests)", browsers, journeys, TimeSpan.FromSeconds(2 * roundSeconds),
                            j => JourneyOn(p, j, p.Name == "SQLite" ? steps : null)));
                        signInRounds[p.Name].Add(row.PerSecond);
                        if (p.Name == "SQLite")
                        {
                            cpu.Add((p.Process.CpuTime() - portalBefore).TotalMilliseconds / row.Completed);
                            generatorCpu.Add((System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - generatorBefore).TotalMilliseconds / row.Completed);
                        }
                    }
                }
            }

            var (rss, peak) = process.Memory();
            memory.Add(("after sign-ins", rss));
            // Every portal has now run the same warm-up, page rounds and sign-in rounds: their peaks compare.
            var peaks = compared.ToDictionary(p => p.Name, p => Math.Max(p.Process.Memory().PeakMb, p.SecondProcess?.Memory().PeakMb ?? 0));

            // --- 4. Sustained /profile on the SQLite portal alone: is memory flat? ---
            var sustained = new List<(double Seconds, double RssMb)>();
            if (sustainedSeconds > 0)
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                using var sampling = new CancellationTokenSource();
                var sampler = Task.Run(async () =>
                {
                    while (!sampling.IsCancellationRequested)
                    {
                        sustained.Add((started.Elapsed.TotalSeconds, process.Memory().RssMb));
                        await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, sustainedSeconds / 20)), CancellationToken.None);
                    }
                });
                Console.WriteLine($"sustained GET {sustainedPath} signed in on pid {process.Id} for {sustainedSeconds} s…");
                Add(await LoadRunner.RunAsync($"sustained GET {sustainedPath}", Connections, int.MaxValue, TimeSpan.FromSeconds(sustainedSeconds),
                    _ => ProfileOnce(new Uri(portal, sustainedPath))));
                sampling.Cancel();
                await sampler;
                sustained.Add((started.Elapsed.TotalSeconds, process.Memory().RssMb));
                (rss, peak) = process.Memory();
            }

            var breakdown = process.MemoryBreakdown();

            // --- Report ---
            Console.WriteLine();
            Console.WriteLine($"## HTTP load ({(useWrk ? "wrk 4.1 -t2 for fixed URLs, " : "")}the .NET load generator in bench/ for the rest; same 2 cores as the portals)");
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

            // Ratios: each round's figure over the same round's reference, then the median of the rounds.
            double MedianRatio(string key, string reference, IReadOnlyDictionary<string, List<double>> byKey) =>
                byKey.TryGetValue(key, out var a) && byKey.TryGetValue(reference, out var b) && a.Count > 0 && a.Count == b.Count
                    ? new Stats(a.Zip(b, (x, y) => x / y)).Median : double.NaN;
            string PerRound(string key, string reference, IReadOnlyDictionary<string, List<double>> byKey) =>
                byKey.TryGetValue(key, out var a) && byKey.TryGetValue(reference, out var b) && a.Count > 0
                    ? string.Join(" ", a.Zip(b, (x, y) => F(x / y))) : "–";
            string Median(string key, IReadOnlyDictionary<string, List<double>> byKey) =>
                byKey.TryGetValue(key, out var a) && a.Count > 0 ? Num(new Stats(a).Median) : "–";

            const string Baseline = "baseline GET /";
            if (phases.Contains("profile"))
            {
                Console.WriteLine($"### Pages, {rounds} alternated rounds of {roundSeconds} s at {Connections} connections: median requests/s and ratio to the baseline page");
                Console.WriteLine();
                Console.WriteLine("| page | median per s | ratio per round | median ratio |");
                Console.WriteLine("|---|---:|---|---:|");
                foreach (var page in pages)
                {
                    Console.WriteLine($"| {page.Key} | {Median(page.Key, pageRounds)} | {PerRound(page.Key, Baseline, pageRounds)} | {F(MedianRatio(page.Key, Baseline, pageRounds))} |");
                }

                Console.WriteLine();
                foreach (var p in compared.Where(p => !p.HasTargets && !p.IsTelemetryTwin))
                {
                    Console.WriteLine($"signed-in page of '{p.Name}' over the SQLite portal's, per round: {PerRound($"{p.Name}: /logout-callback signed in", "SQLite: /logout-callback signed in", pageRounds)} → median {F(MedianRatio($"{p.Name}: /logout-callback signed in", "SQLite: /logout-callback signed in", pageRounds))}");
                }

                foreach (var p in compared.Where(p => p.Name != "SQLite"))
                {
                    Console.WriteLine($"/profile of '{p.Name}' over the SQLite portal's, per round: {PerRound($"{p.Name}: /profile signed in", "SQLite: /profile signed in", pageRounds)} → median {F(MedianRatio($"{p.Name}: /profile signed in", "SQLite: /profile signed in", pageRounds))}");
                }

                Console.WriteLine();
            }

            if (phases.Contains("signins"))
            {
                Console.WriteLine($"### Sign-in journeys, {rounds} alternated rounds at {browsers} connections (up to {Num(journeys)} journeys or {2 * roundSeconds} s each)");
                Console.WriteLine();
                Console.WriteLine("| portal | median per s | ratio to the SQLite portal per round | median ratio | peak RSS (VmHWM) after the sign-ins (of the larger node) |");
                Console.WriteLine("|---|---:|---|---:|---:|");
                foreach (var p in compared)
                {
                    Console.WriteLine($"| {p.Name} | {Median(p.Name, signInRounds)} | {PerRound(p.Name, "SQLite", signInRounds)} | {F(MedianRatio(p.Name, "SQLite", signInRounds))} | {peaks[p.Name]:F0} MB |");
                }

                Console.WriteLine();
                Console.WriteLine("Per step of the SQLite portal's journeys (median / p99 ms): " + string.Join("; ", StepTimes.Names.Select((n, s) => $"{n} {Cell(steps.Samples(s))}")));
                Console.WriteLine($"CPU time per sign-in journey, median of the rounds: the SQLite portal {F(new Stats(cpu).Median)} ms; this process (the browsers and the CAS server) {F(new Stats(generatorCpu).Median)} ms (all on the same {Environment.ProcessorCount} cores)");
                Console.WriteLine();
            }

            Console.WriteLine($"single logout: {liveBefore:N0} live sessions before; {ended:N0} ended by the {(slo1?.Completed ?? 0) + (slo16?.Completed ?? 0):N0} measured requests (each names one seeded session)");
            Console.WriteLine("resident memory of the SQLite portal (VmRSS): " + string.Join(", ", memory.Select(m => $"{m.Phase} {m.RssMb:F0} MB")) + $"; peak (VmHWM) {peak:F0} MB");
            if (sustained.Count > 0)
            {
                Console.WriteLine($"sustained {sustainedPath} for {sustainedSeconds} s, VmRSS: " + string.Join(", ", sustained.Select(m => $"{m.Seconds:F0} s {m.RssMb:F0} MB")));
            }

            Console.WriteLine($"resident memory at the end: {breakdown}");
            Console.WriteLine();

            // --- Targets ---
            Console.WriteLine("## Targets");
            Console.WriteLine();
            Console.WriteLine("| target | measured | verdict |");
            Console.WriteLine("|---|---|---|");
            void Target(string target, double measured, string figure, bool pass)
            {
                var verdict = double.IsNaN(measured) ? "not run" : pass ? "PASS" : "MISS";
                Console.WriteLine($"| {target} | {figure} | {verdict} |");
                if (!double.IsNaN(measured))
                {
                    Targets.Record(target, figure, pass);
                }
            }

            foreach (var db2 in compared.Where(p => p.HasTargets).Select(p => p.Name))
            {
                var anonymous = MedianRatio($"{db2}: /logout-callback anonymous", Baseline, pageRounds);
                var signedIn = MedianRatio($"{db2}: /logout-callback signed in", Baseline, pageRounds);
                var profilePage = MedianRatio($"{db2}: /profile signed in", Baseline, pageRounds);
                Target($"{db2}: anonymous layout page ≥ 0.8× the baseline page", anonymous, $"{F(anonymous)}× (median of {rounds} alternated rounds)", anonymous >= 0.8);
                Target($"{db2}: signed-in page with no query of its own ≥ 0.6× the baseline page", signedIn, $"{F(signedIn)}× (median of {rounds} alternated rounds)", signedIn >= 0.6);
                Target($"{db2}: GET /profile signed in ≥ 0.5× the baseline page", profilePage, $"{F(profilePage)}× (median of {rounds} alternated rounds)", profilePage >= 0.5);
                var signIns = signInRounds.TryGetValue(db2, out var s) && s.Count > 0 ? new Stats(s).Median : double.NaN;
                Target($"{db2}: ≥ 500 full sign-ins/s", signIns, $"{Num(signIns)}/s (median of {rounds} alternated rounds, {browsers} connections)", signIns >= 500);
            }

            var telemetryProfile = 1 - MedianRatio($"{TelemetryOn}: /profile signed in", $"{TelemetryOff}: /profile signed in", pageRounds);
            var telemetrySignIns = 1 - MedianRatio(TelemetryOn, TelemetryOff, signInRounds);
            Target("telemetry costs ≤ 5 % of /profile throughput", telemetryProfile, $"{F(telemetryProfile * 100, 1)} % (1 − on/off, median of {rounds} alternated rounds)", telemetryProfile <= 0.05);
            Target("telemetry costs ≤ 5 % of the sign-in rate", telemetrySignIns, $"{F(telemetrySignIns * 100, 1)} % (1 − on/off, median of {rounds} alternated rounds)", telemetrySignIns <= 0.05);
            Target($"single logout p99 ≤ 5 ms with {sessions:N0} sessions", slo1?.P99 ?? double.NaN, $"p99 {F(slo1?.P99 ?? double.NaN)} ms at 1 connection, {F(slo16?.P99 ?? double.NaN)} ms at 16", slo1?.P99 <= 5);
            Target("peak resident memory of the SQLite portal ≤ 250 MB", peak, $"{peak:F0} MB VmHWM", peak <= 250);
            if (sustained.Count > 2)
            {
                var (first, middle, last) = (sustained[0].RssMb, sustained[sustained.Count / 2].RssMb, sustained[^1].RssMb);
                Target($"memory flat over sustained {sustainedPath} (end within 10 % of middle)", last, $"start {first:F0} MB, middle {middle:F0} MB, end {last:F0} MB over {sustainedSeconds} s", last <= middle * 1.1);
            }

            return rows.Sum(r => r.Failed) == 0 && ended == (slo1?.Completed ?? 0) + (slo16?.Completed ?? 0) ? 0 : 1;
        }
        finally
        {
            await others.DisposeAsync();
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
        }
    }

    /// <summary>The compared processes, stopped together at the end (before the PostgreSQL cluster they may use).</summary>
    private sealed class ProcessList : IAsyncDisposable
    {
        private readonly List<PortalProcess> _processes = [];

        public PortalProcess Add(PortalProcess process)
        {
            _processes.Add(process);
            return process;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var process in _processes)
            {
                await process.DisposeAsync();
            }

            _processes.Clear();
        }
    }

    /// <summary>
    /// Production, as deployed, with the suite's own CAS server; the public URL, a fresh database, and the per-address
    /// rate limits raised: every simulated browser here comes from 127.0.0.1, where a real rush comes from thousands of
    /// addresses. <c>--env A=1,B=2</c> adds variables.
    /// </summary>
    internal static Dictionary<string, string> PortalEnvironment(Uri portal, Uri cas, string db, string extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // The runtime setting docs/DEPLOYMENT.md asks every node for; a variant can put it back (=0).
            ["DOTNET_GCgen0size"] = "0x2000000",
            ["Portal__PublicBaseUrl"] = portal.ToString().TrimEnd('/'),
            ["Cas__ServerUrl"] = cas.ToString(),
            ["ConnectionStrings__Portal"] = $"Data Source={db}",
            ["RateLimits__SignInPerMinute"] = "100000000",
            ["RateLimits__LogoutPerMinute"] = "100000000",
            ["RateLimits__CasServerPostsPerMinute"] = "100000000",
        };
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
