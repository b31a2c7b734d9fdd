using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace CasPortal.TestSupport;

/// <summary>A cookie-keeping HTTP client that follows redirects one hop at a time, so tests can see each hop.</summary>
public sealed class PortalBrowser : IDisposable
{
    private readonly HttpClient _client;

    public PortalBrowser(Uri baseAddress, CookieContainer? cookies = null)
    {
        Cookies = cookies ?? new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true })
        {
            BaseAddress = baseAddress,
        };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("CasPortalTests/1.0");
    }

    public CookieContainer Cookies { get; }

    /// <summary>Makes every request look as if it came from <paramref name="address"/> through a trusted reverse proxy.</summary>
    public PortalBrowser From(string address)
    {
        _client.DefaultRequestHeaders.Remove("X-Forwarded-For");
        _client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return this;
    }

    /// <summary>Every URL requested, in order.</summary>
    public List<Uri> History { get; } = [];

    public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    public Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) });

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        History.Add(request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(_client.BaseAddress!, request.RequestUri));
        return await _client.SendAsync(request);
    }

    /// <summary>Follows redirects (at most <paramref name="maxHops"/>) and returns the first non-redirect answer.</summary>
    public async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response, int maxHops = 10)
    {
        for (var hop = 0; IsRedirect(response); hop++)
        {
            if (hop == maxHops)
            {
                throw new InvalidOperationException($"More than {maxHops} redirects: {string.Join(" -> ", History)}");
            }

            response = await GetAsync(Location(response).ToString());
        }

        return response;
    }

    /// <summary>Submits the form matched by <paramref name="selector"/> in <paramref name="page"/>, with some fields overridden, by its method.</summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(
        HttpResponseMessage page, string selector, IDictionary<string, string>? values = null)
    {
        var document = await ParseAsync(page);
        var form = document.QuerySelector<IHtmlFormElement>(selector)
            ?? throw new InvalidOperationException($"No form '{selector}' on {page.RequestMessage?.RequestUri}.");
        var fields = form.Elements.OfType<IHtmlInputElement>()
            .Where(input => !string.IsNullOrEmpty(input.Name))
            .ToDictionary(input => input.Name!, input => input.Value);
        foreach (var (name, value) in values ?? new Dictionary<string, string>())
        {
            fields[name] = value;
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action"))
            ? page.RequestMessage!.RequestUri!
            : new Uri(page.RequestMessage!.RequestUri!, form.GetAttribute("action")!);
        if (string.Equals(form.Method, "get", StringComparison.OrdinalIgnoreCase))
        {
            // As a browser does: the fields replace the action's query.
            var query = string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
            return await GetAsync(new UriBuilder(action) { Query = query }.Uri.ToString());
        }

        return await PostFormAsync(action.ToString(), fields);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    public static bool IsRedirect(HttpResponseMessage response) => (int)response.StatusCode is >= 300 and < 400;

    /// <summary>The absolute Location of a redirect, resolved against the request.</summary>
    public static Uri Location(HttpResponseMessage response) =>
        response.Headers.Location is { IsAbsoluteUri: true } absolute
            ? absolute
            : new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);

    public void Dispose() => _client.Dispose();
}
