using CasPortal.Application.Authentication;

namespace CasPortal.Application.UnitTests.Authentication;

public class ServiceUrlsTests
{
    [Theory]
    [InlineData("http://localhost:5000", null, "http://localhost:5000/login")]
    [InlineData("http://localhost:5000/", null, "http://localhost:5000/login")]
    [InlineData("http://localhost:5000", "/x", "http://localhost:5000/login?next=%2Fx")]
    [InlineData("https://portal.example.edu/", "/a?b=c&d=e", "https://portal.example.edu/login?next=%2Fa%3Fb%3Dc%26d%3De")]
    public void The_login_service_url_comes_from_the_public_base_url_and_the_return_path(string baseUrl, string? next, string expected) =>
        Assert.Equal(expected, ServiceUrls.ForLogin(baseUrl, next));

    [Fact]
    public void A_silent_gateway_attempt_returns_to_a_service_marked_as_such() =>
        Assert.Equal("https://portal.example.edu/login?next=%2Fprofile&gateway=1",
            ServiceUrls.ForLogin("https://portal.example.edu", "/profile", gatewayAttempt: true));

    [Fact]
    public void The_sign_in_state_rides_last_in_the_service_url() =>
        Assert.Equal("https://portal.example.edu/login?next=%2Fprofile&gateway=1&state=AAAAAAAAAAAAAAAAAAAAAA",
            ServiceUrls.ForLogin("https://portal.example.edu", "/profile", gatewayAttempt: true, signInState: "AAAAAAAAAAAAAAAAAAAAAA"));

    [Fact]
    public void A_new_sign_in_state_is_well_formed_and_never_repeats()
    {
        var states = Enumerable.Range(0, 100).Select(_ => SignInState.New()).ToList();

        Assert.All(states, state => Assert.True(SignInState.IsWellFormed(state)));
        Assert.Equal(states.Count, states.Distinct().Count());
        Assert.False(SignInState.IsWellFormed("not-a-state"));
        Assert.False(SignInState.IsWellFormed(null));
    }

    [Fact]
    public void The_logout_callback_is_under_the_public_base_url() =>
        Assert.Equal("https://portal.example.edu/logout-callback", ServiceUrls.ForLogoutCallback("https://portal.example.edu/"));
}
