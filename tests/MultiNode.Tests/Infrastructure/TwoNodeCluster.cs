
namespace CasPortal.MultiNode.Tests.Infrastructure;

/// <summary>
/// Two portal nodes on their own loopback ports sharing one fresh PostgreSQL database, behind one
/// <see cref="LoadBalancer"/> whose address is both nodes' Portal:PublicBaseUrl. The nodes start at the same moment,
/// so both migrate the empty database at once. Node A's development CAS server is the cluster's CAS server.
/// </summary>
public sealed class TwoNodeCluster : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    public LoadBalancer Balancer { get; private set; } = null!;
    public PortalNode A { get; private set; } = null!;
    public PortalNode B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("multinode");
        Balancer = LoadBalancer.Start();
        A = new PortalNode("A", NodeSettings(_database.ConnectionString, Balancer.BaseUrl));
        B = new PortalNode("B", NodeSettings(_database.ConnectionString, Balancer.BaseUrl));
        Balancer.CasNode = A;
        Balancer.Target = A;
        await Task.WhenAll(Task.Run(A.StartServer), Task.Run(B.StartServer));
    }

    /// <summary>What every node of a deployment shares: database, public address, trusted proxy.</summary>
    public static Dictionary<string, string?> NodeSettings(string connectionString, string publicBaseUrl) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Portal"] = connectionString,
        ["Portal:PublicBaseUrl"] = publicBaseUrl,
        ["Portal:KnownProxies:0"] = "127.0.0.1",
        // More development CAS users (beside alice and bob), so one test can read exactly its own audit events.
        ["DevCas:Users:2:Username"] = "mn-carol",
        ["DevCas:Users:2:Password"] = "mn-carol",
        ["DevCas:Users:3:Username"] = "mn-dave",
        ["DevCas:Users:3:Password"] = "mn-dave",
        ["DevCas:Users:4:Username"] = "mn-erin",
        ["DevCas:Users:4:Password"] = "mn-erin",
        // Outside the "mn-" prefix whose events the audit-log test lists, whatever order the tests run in.
        ["DevCas:Users:5:Username"] = "rt-frank",
        ["DevCas:Users:5:Password"] = "rt-frank",
        ["DevCas:Users:6:Username"] = "rt-grace",
        ["DevCas:Users:6:Password"] = "rt-grace",
    };

    /// <summary>A browser that knows only the public address.</summary>
    public PortalBrowser NewBrowser() => new(new Uri(Balancer.BaseUrl));

    /// <summary>Sends what comes next to <paramref name="node"/>, as a load balancer might.</summary>
    public void RouteTo(PortalNode node) => Balancer.Target = node;

    public async Task DisposeAsync()
    {
        // Whatever InitializeAsync got to before a failure is taken down.
        foreach (var disposable in new IAsyncDisposable?[] { A, B, Balancer })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
