using System.Net;
using System.Web;

namespace CasPortal.Benchmarks.Http;

/// <summary>One browser's cookie jar over a shared HttpClient (which keeps no cookies and follows no redirects).</summary>
public sealed class Browser(HttpClient http)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public string? Cookie(string name) => _cookies.GetValueOrDefault(name);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                var pair = header.Split(';', 2)[0].Split('=', 2);
                if (pair.Length == 2 && pair[1].Length > 0)
                {
                    _cookies[pair[0].Trim()] = pair[1].Trim();
                }
                else
                {
                    _cookies.Remove(pair[0].Trim()); // a deletion (empty value, expired)
                }
            }
        }

        return response;
    }

    /// <summary>
    /// The full sign-in journey a user's browser makes, each answer checked: portal /login → CAS form → form POST →
    /// back to /login with the ticket (the portal validates it over HTTP and writes the session and audit rows) → /profile,
    /// on <paramref name="profileAt"/> when given: another node of the same database, as a load balancer may choose.
    /// </summary>
    public static async Task<Browser> SignInAsync(
        HttpClient http, Uri portal, string username, string password, StepTimes? steps = null, Uri? profileAt = null)
    {
        var browser = new Browser(http);
        var t = steps?.Start();
        using var start = await browser.SendAsync(HttpMethod.Get, new Uri(portal, "/login?next=%2Fprofile"));
        await LoadRunner.ExpectAsync(start, HttpStatusCode.Found, "GET /login");
        steps?.Lap(0, ref t);
        var casLogin = new Uri(portal, start.Headers.Location!);

        using var form = await browser.SendAsync(HttpMethod.Get, casLogin);
        await LoadRunner.ExpectAsync(form, HttpStatusCode.OK, "GET CAS /login");
        steps?.Lap(1, ref t);

        var service = HttpUtility.ParseQueryString(casLogin.Query)["service"]!;
        using var posted = await browser.SendAsync(HttpMethod.Post, new Uri(casLogin.GetLeftPart(UriPartial.Path)), new FormUrlEncodedContent(
            [new("username", username), new("password", password), new("service", service)]));
        await LoadRunner.ExpectAsync(posted, HttpStatusCode.Found, "POST CAS /login");
        steps?.Lap(2, ref t);

        using var back = await browser.SendAsync(HttpMethod.Get, new Uri(portal, posted.Headers.Location!));
        await LoadRunner.ExpectAsync(back, HttpStatusCode.Found, "GET /login?ticket=…");
        if (browser.Cookie("casportal.session") is null || back.Headers.Location?.OriginalString != "/profile")
        {
            throw new InvalidOperationException("The ticket did not sign the browser in.");
        }

        steps?.Lap(3, ref t);
        using var profile = await browser.SendAsync(HttpMethod.Get, new Uri(profileAt ?? portal, "/profile"));
        await LoadRunner.ExpectAsync(profile, HttpStatusCode.OK, "GET /profile");
        steps?.Lap(4, ref t);
        return browser;
    }
}

/// <summary>Per-step latencies of the sign-in journey, to show where its time goes.</summary>
public sealed class StepTimes
{
    public static readonly string[] Names =
        ["GET /login (redirect to CAS)", "GET CAS /login (form)", "POST CAS /login (ticket)", "GET /login?ticket= (validate over HTTP, session + audit rows)", "GET /profile"];

    private readonly List<double>[] _samples = Names.Select(_ => new List<double>()).ToArray();

    public IReadOnlyList<double> Samples(int step) => _samples[step];

    public long? Start() => System.Diagnostics.Stopwatch.GetTimestamp();

    public void Lap(int step, ref long? started)
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        var ms = System.Diagnostics.Stopwatch.GetElapsedTime(started!.Value, now).TotalMilliseconds;
        lock (_samples[step])
        {
            _samples[step].Add(ms);
        }

        started = now;
    }
}
