using CasPortal.Application.Common.Options;
using CasPortal.Infrastructure.Cas;

namespace CasPortal.Infrastructure.Tests.Cas;

public class ProxyChainPolicyTests
{
    private const string Portal1 = "https://portal1.example.edu/pgtCallback";
    private const string Portal2 = "https://portal2.example.edu/pgtCallback";

    [Fact]
    public void An_empty_chain_is_a_plain_service_ticket_and_always_allowed()
    {
        Assert.True(ProxyChainPolicy.IsAllowed([], new CasOptions()));
    }

    [Fact]
    public void With_nothing_configured_no_proxy_is_allowed()
    {
        Assert.False(ProxyChainPolicy.IsAllowed([Portal1], new CasOptions()));
    }

    [Fact]
    public void Accept_any_proxy_allows_every_chain()
    {
        Assert.True(ProxyChainPolicy.IsAllowed([Portal2, Portal1, "http://anything/"], new CasOptions { AcceptAnyProxy = true }));
    }

    [Theory]
    [InlineData(new[] { Portal1 }, true)]
    [InlineData(new[] { Portal2, Portal1 }, true)]
    [InlineData(new[] { Portal1, Portal2 }, false)]
    [InlineData(new[] { Portal2 }, false)]
    [InlineData(new[] { Portal2, Portal1, Portal1 }, false)]
    [InlineData(new[] { "https://portal1.example.edu/pgtCallback/" }, false)]
    [InlineData(new[] { "HTTPS://portal1.example.edu/pgtCallback" }, false)]
    public void Exact_entries_match_the_whole_chain_element_by_element_most_recent_first(string[] chain, bool allowed)
    {
        var options = Options(Portal1, $"{Portal2}  {Portal1}");

        Assert.Equal(allowed, ProxyChainPolicy.IsAllowed(chain, options));
    }

    [Theory]
    [InlineData("https://portal7.example.edu/pgtCallback", true)]
    [InlineData("https://portal7.example.edu/pgtCallback?x", false)]
    [InlineData("https://evil.example/https://portal7.example.edu/pgtCallback", false)]
    [InlineData("https://portal77.example.edu/pgtCallback", false)]
    [InlineData("https://portalX.example.edu/pgtCallback", false)]
    public void Pattern_entries_start_with_a_caret_and_match_the_whole_url(string proxy, bool allowed)
    {
        var options = Options(@"^https://portal[0-9]\.example\.edu/pgtCallback");

        Assert.Equal(allowed, ProxyChainPolicy.IsAllowed([proxy], options));
    }

    [Fact]
    public void An_alternation_is_anchored_as_a_whole()
    {
        var options = Options("^https://a.example.edu/x|https://b.example.edu/y");

        Assert.True(ProxyChainPolicy.IsAllowed(["https://b.example.edu/y"], options));
        Assert.False(ProxyChainPolicy.IsAllowed(["https://a.example.edu/x/../evil"], options));
        Assert.False(ProxyChainPolicy.IsAllowed(["https://evil/https://b.example.edu/y"], options));
    }

    [Fact]
    public void Patterns_and_exact_urls_mix_in_one_chain()
    {
        var options = Options($@"^https://app[0-9]+\.example\.edu/pgt {Portal1}");

        Assert.True(ProxyChainPolicy.IsAllowed(["https://app12.example.edu/pgt", Portal1], options));
        Assert.False(ProxyChainPolicy.IsAllowed(["https://app12.example.edu/pgt", Portal2], options));
    }

    [Fact]
    public async Task A_pattern_that_backtracks_forever_times_out_and_does_not_match()
    {
        var options = Options("^(a+)+$");
        var proxy = new string('a', 5_000) + "!";

        var allowed = await Task.Run(() => ProxyChainPolicy.IsAllowed([proxy], options)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(allowed);
    }

    [Fact]
    public void A_pattern_that_does_not_compile_matches_nothing()
    {
        Assert.False(ProxyChainPolicy.IsAllowed(["https://a/"], Options("^[")));
        Assert.NotNull(ProxyChainPolicy.PatternProblem("^["));
        Assert.Null(ProxyChainPolicy.PatternProblem(@"^https://a\.example\.edu/.*"));
    }

    [Fact]
    public void Blank_entries_allow_nothing()
    {
        Assert.False(ProxyChainPolicy.IsAllowed([Portal1], Options("   ")));
    }

    private static CasOptions Options(params string[] chains) => new() { AllowedProxyChains = [.. chains] };
}
