using CasPortal.Application.Authentication.StartLogin;
using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Options;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;
using Moq;

namespace CasPortal.Application.UnitTests.Authentication.StartLogin;

public sealed class StartLoginHandlerTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly Mock<ICasGateway> _cas = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("/x", "https://portal.example.edu/login?next=%2Fx")]
    [InlineData(null, "https://portal.example.edu/login")]
    [InlineData("//evil.com", "https://portal.example.edu/login")]
    [InlineData("https://evil.com/", "https://portal.example.edu/login")]
    public async Task Sends_CAS_a_service_url_built_from_configuration_and_a_local_return_path(string? next, string expectedService)
    {
        var login = new Uri("https://cas.example.edu/cas/login?service=x");
        _cas.Setup(c => c.BuildLoginUrl(new CasLoginRequest(expectedService, false, false))).Returns(login);

        var result = await Handle(new StartLoginCommand(next), new FakeRequestContext("192.0.2.1", "Firefox"));

        Assert.Same(login, result.CasLoginUrl);
    }

    [Fact]
    public async Task Records_that_a_sign_in_started()
    {
        _cas.Setup(c => c.BuildLoginUrl(It.IsAny<CasLoginRequest>())).Returns(new Uri("https://cas.example.edu/cas/login"));

        await Handle(new StartLoginCommand("/x"), new FakeRequestContext("192.0.2.1", "Firefox"));

        using var db = _database.NewContext();
        var audit = Assert.Single(db.AuditEvents);
        Assert.Equal(AuditEventType.LoginStarted, audit.Type);
        Assert.Equal("192.0.2.1", audit.ClientIp);
        Assert.Equal("Firefox", audit.UserAgent);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, audit.OccurredAt);
    }

    [Fact]
    public async Task A_browser_under_a_requirement_is_sent_to_CAS_with_renew_and_a_service_marked_for_it()
    {
        var browser = new string('a', 64);
        await using (var db = _database.NewContext())
        {
            db.ReauthenticationRequirements.Add(ReauthenticationRequirement.ForBrowser("bob", browser, "Firefox", "alice", "revoked", _clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }

        var login = new Uri("https://cas.example.edu/cas/login?renew=true");
        _cas.Setup(c => c.BuildLoginUrl(new CasLoginRequest("https://portal.example.edu/login?next=%2Fx&renew=1", false, true))).Returns(login);
        _cas.Setup(c => c.BuildLoginUrl(new CasLoginRequest("https://portal.example.edu/login", false, false))).Returns(new Uri("https://cas.example.edu/cas/login"));

        // Renew wins over a silent gateway attempt; another browser signs in as usual.
        Assert.Same(login, (await Handle(new StartLoginCommand("/x", GatewayAttempt: true, BrowserIdHash: browser))).CasLoginUrl);
        Assert.Same(login, (await Handle(new StartLoginCommand("/x", Renew: true))).CasLoginUrl);
        Assert.NotSame(login, (await Handle(new StartLoginCommand(null, BrowserIdHash: new string('b', 64)))).CasLoginUrl);

        // Only the browser's own requirement is recorded as a sign-in sent back for a password; a restart was recorded already.
        using var read = _database.NewContext();
        var sentBack = Assert.Single(read.AuditEvents, e => e.Type == AuditEventType.SignInRestartedForReauthentication);
        Assert.Equal(("bob", "REAUTHENTICATION_REQUIRED"), (sentBack.Username, sentBack.Code));
    }

    /// <summary>A sign-in that goes to CAS. Cas:Gateway is on, so a front-door visit tries silently (GatewayPolicyTests).</summary>
    private async Task<StartLoginResult.RedirectToCas> Handle(StartLoginCommand command, FakeRequestContext? request = null)
    {
        using var db = _database.NewContext();
        return Assert.IsType<StartLoginResult.RedirectToCas>(
            await new StartLoginHandler(_cas.Object, db, db.Audit(request ?? FakeRequestContext.None, _clock), TestOptions.Portal(), Options.Create(new CasOptions { Gateway = true }))
                .Handle(command, CancellationToken.None));
    }
}
