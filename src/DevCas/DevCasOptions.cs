namespace CasPortal.DevCas;

/// <summary>
/// Settings of the development CAS server, bound from the "DevCas" configuration section, e.g. in
/// appsettings.Development.json:
/// <code>
/// "DevCas": {
///   "AllowedServicePrefixes": [ "https://localhost:5001/" ],
///   "AllowHttpProxyCallbacks": false,
///   "SendSingleLogout": true,
///   "Users": [ { "Username": "alice", "Password": "alice",
///                "Attributes": { "displayName": [ "Alice Liddell" ], "memberOf": [ "cn=staff,ou=groups,dc=example,dc=edu" ] } } ]
/// }
/// </code>
/// </summary>
public sealed class DevCasOptions
{
    public List<DevCasUser> Users { get; set; } = [];

    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a single sign-on session lasts after its sign-in (Apereo CAS keeps a ticket-granting ticket 8 hours by
    /// default). An expired session is forgotten without single logout.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How many single sign-on sessions are kept, the most recently started ones; older ones are forgotten without
    /// single logout. Sessions live in memory, so without a cap a server left running for days (or under load) grows
    /// for as long as it runs.
    /// </summary>
    public int MaxSessions { get; set; } = 1_000;

    /// <summary>
    /// A service URL must start with one of these (ordinal, case-sensitive); end each prefix with "/" so that
    /// "https://portal.example.edu" cannot be matched by "https://portal.example.edu.evil.com". Empty = any http(s) URL.
    /// </summary>
    public List<string> AllowedServicePrefixes { get; set; } = [];

    /// <summary>
    /// The CAS specification requires an https <c>pgtUrl</c> (proxy callback); an http one makes validation fail with
    /// <c>INVALID_PROXY_CALLBACK</c>. Setting this to true also accepts http callbacks. The portal sets it in
    /// Development only, where its PublicBaseUrl (and so its proxy callback) is plain http://localhost.
    /// </summary>
    public bool AllowHttpProxyCallbacks { get; set; }

    /// <summary>
    /// Back-channel single logout: on /logout, POST a SAML 2.0 <c>logoutRequest</c> to every service that received a
    /// service ticket during the ending single sign-on session.
    /// </summary>
    public bool SendSingleLogout { get; set; } = true;
}

public sealed class DevCasUser
{
    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>CAS 3.0 attributes; each name becomes a <c>cas:{name}</c> element, repeated once per value.</summary>
    public Dictionary<string, List<string>> Attributes { get; set; } = new();
}
