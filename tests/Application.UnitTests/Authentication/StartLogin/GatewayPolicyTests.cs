using CasPortal.Application.Authentication.StartLogin;
using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Models;
using CasPortal.Application.Common.Options;
using CasPortal.Application.UnitTests.Common;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace CasPortal.Application.UnitTests.Authentication.StartLogin;

/// <summary>Cas:Gateway at the front door: a silent sign-in is tried once per browser session, never in a loop.</summary>
public sealed class GatewayPolicyTests : IDisposable
{
    private const string State = "AAAAAAAAAAAAAAAAAAAAAA";
    private readonly TestDatabase _database = new();
    private readonly Mock<ICasGateway> _cas = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_first_visit_tries_a_silent_sign_in_and_asks_for_the_browser_to_be_marked()
    {
        var silent = new Uri("https://cas.example.edu/cas/login?gateway=true");
        _cas.Setup(c => c.BuildLoginUrl(new CasLoginRequest($"https://portal.example.edu/login?next=%2Fprofile&gateway=1&state={State}", true, false))).Returns(silent);

        var result = await Send(FrontDoor(alreadyTried: false), gateway: true);

        Assert.Equal(new StartLoginResult.RedirectToCas(silent, MarkGatewayTried: true), result);
        using var db = _database.NewContext();
        var started = Assert.Single(db.AuditEvents);
        Assert.Equal(AuditEventType.LoginStarted, started.Type);
        Assert.Contains("silent gateway attempt", started.Detail);
    }

    [Fact]
    public async Task Once_tried_the_visitor_stays_anonymous_and_nothing_reaches_CAS_or_the_audit_log()
    {
        var result = await Send(FrontDoor(alreadyTried: true), gateway: true);

        Assert.IsType<StartLoginResult.StayAnonymous>(result);
        _cas.VerifyNoOtherCalls();
        using var db = _database.NewContext();
        Assert.Empty(db.AuditEvents);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Without_Cas_Gateway_the_visitor_is_sent_to_sign_in_as_usual(bool alreadyTried)
    {
        var result = await Send(FrontDoor(alreadyTried), gateway: false);

        Assert.IsType<StartLoginResult.RedirectToSignIn>(result);
        _cas.VerifyNoOtherCalls();
        using var db = _database.NewContext();
        Assert.Empty(db.AuditEvents);
    }

    [Fact]
    public async Task A_sign_in_the_visitor_asked_for_is_never_held_back_by_the_mark_and_sets_none()
    {
        var login = new Uri("https://cas.example.edu/cas/login");
        _cas.Setup(c => c.BuildLoginUrl(new CasLoginRequest($"https://portal.example.edu/login?next=%2Fprofile&state={State}", false, false))).Returns(login);

        var result = await Send(new StartLoginCommand("/profile", SignInState: State, GatewayAlreadyTried: true), gateway: true);

        Assert.Equal(new StartLoginResult.RedirectToCas(login, MarkGatewayTried: false), result);
    }

    [Fact]
    public async Task A_browser_that_must_type_its_password_is_asked_with_renew_and_its_silent_attempt_is_used_up()
    {
        var browser = new string('a', 64);
        await using (var db = _database.NewContext())
        {
            db.ReauthenticationRequirements.Add(ReauthenticationRequirement.ForBrowser("bob", browser, "Firefox", "alice", "revoked", _clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }

        var renew = new Uri("https://cas.example.edu/cas/login?renew=true");
        _cas.Setup(c => c.BuildLoginUrl(new CasLoginRequest($"https://portal.example.edu/login?next=%2Fprofile&renew=1&state={State}", false, true))).Returns(renew);

        var result = await Send(FrontDoor(alreadyTried: false) with { BrowserIdHash = browser }, gateway: true);

        Assert.Equal(new StartLoginResult.RedirectToCas(renew, MarkGatewayTried: true), result);
    }

    private static StartLoginCommand FrontDoor(bool alreadyTried) =>
        new("/profile", GatewayAttempt: true, SignInState: State, GatewayAlreadyTried: alreadyTried);

    private async Task<StartLoginResult> Send(StartLoginCommand command, bool gateway)
    {
        using var db = _database.NewContext();
        var cas = Options.Create(new CasOptions { Gateway = gateway });
        return await new StartLoginHandler(_cas.Object, db, db.Audit(FakeRequestContext.None, _clock), TestOptions.Portal(), cas).Handle(command, CancellationToken.None);
    }
}
