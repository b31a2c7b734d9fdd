using System.Net;
using System.Text;
using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Options;
using CasPortal.Application.Common.Telemetry;
using CasPortal.Infrastructure.Cas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CasPortal.Infrastructure.Tests.Cas;

public class CasGatewayTests
{
    private const string Ticket = "ST-1856339-aA5Yuvrxzpv8Tau1cYQ7";

    // printf 'ST-1856339-aA5Yuvrxzpv8Tau1cYQ7' | sha256sum
    private const string TicketHashPrefix = "4e42287504d8";

    private const string Service = "https://portal.example.edu/login?next=%2Fadmin";

    private const string ValidationUrl =
        "https://cas.example.edu/cas/p3/serviceValidate?service=https%3A%2F%2Fportal.example.edu%2Flogin%3Fnext%3D%252Fadmin"
        + "&ticket=ST-1856339-aA5Yuvrxzpv8Tau1cYQ7";

    private static readonly string SuccessXml = Samples.Read("cas2-serviceValidate-success.xml");

    [Fact]
    public async Task Validation_calls_the_cas3_endpoint_once_with_service_and_ticket_encoded()
    {
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("cas3-serviceValidate-success-attributes.xml"));

        var result = await Gateway(handler).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None);

        Assert.Equal([ValidationUrl], handler.RequestedUrls);
        Assert.Equal("alice", result.Assertion!.Username);
        Assert.Equal(["staff", "faculty"], result.Assertion.Attributes["eduPersonAffiliation"]);
    }

    [Fact]
    public async Task A_ticket_carrying_its_own_parameters_arrives_encoded_as_one_value()
    {
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("cas3-failure-invalid-ticket.xml"));

        await Gateway(handler).ValidateServiceTicketAsync("ST-1&service=https://evil.example/", Service, CancellationToken.None);

        Assert.Equal(
            ["https://cas.example.edu/cas/p3/serviceValidate?service=https%3A%2F%2Fportal.example.edu%2Flogin%3Fnext%3D%252Fadmin"
                + "&ticket=ST-1%26service%3Dhttps%3A%2F%2Fevil.example%2F"],
            handler.RequestedUrls);
    }

    [Fact]
    public async Task Ticket_refused_by_the_server_is_a_rejection_with_its_code_and_no_ticket_in_the_reason()
    {
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("cas3-failure-invalid-ticket.xml"));

        var failure = (await Gateway(handler).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None)).Failure!;

        Assert.Equal((CasFailureKind.TicketRejected, CasFailureCodes.InvalidTicket), (failure.Kind, failure.Code));
        Assert.Equal("Ticket [ticket] not recognized", failure.Reason);
        Assert.Single(handler.RequestedUrls);
    }

    [Fact]
    public async Task Http_500_is_a_server_error_and_is_not_retried()
    {
        var handler = FakeCasHandler.Answering(HttpStatusCode.InternalServerError, Samples.Read("cas2-serviceValidate-success.xml"));

        var failure = (await Gateway(handler).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None)).Failure!;

        Assert.Equal((CasFailureKind.ServerError, CasFailureCodes.HttpStatus, "The CAS server answered HTTP 500."), (failure.Kind, failure.Code, failure.Reason));
        Assert.Single(handler.RequestedUrls);
    }

    [Fact]
    public async Task Redirect_is_a_server_error_and_is_not_followed()
    {
        var handler = new FakeCasHandler((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Found) { Content = new StringContent(SuccessXml) };
            response.Headers.Location = new Uri("https://cas.example.edu/cas/login");
            return Task.FromResult(response);
        });

        var failure = (await Gateway(handler).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None)).Failure!;

        Assert.Equal((CasFailureKind.ServerError, CasFailureCodes.HttpStatus), (failure.Kind, failure.Code));
        Assert.Equal("The CAS server answered HTTP 302, a redirect, which the portal does not follow.", failure.Reason);
        Assert.Single(handler.RequestedUrls);
    }

    [Fact]
    public async Task Html_page_with_status_200_is_a_malformed_answer()
    {
        var handler = FakeCasHandler.Answering(HttpStatusCode.OK, Samples.Read("not-xml-html-login-page.html"), "text/html");

        var failure = (await Gateway(handler).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None)).Failure!;

        Assert.Equal(
            (CasFailureKind.ServerError, CasFailureCodes.Malformed, "The CAS server's answer is not XML (it looks like an HTML page)."),
            (failure.Kind, failure.Code, failure.Reason));
        Assert.Single(handler.RequestedUrls);
    }

    [Fact]
    public async Task Declared_length_over_the_cap_is_refused_unread()
    {
        var body = new TrickleStream(Encoding.UTF8.GetBytes(SuccessXml));
        var handler = FakeCasHandler.Answering(() =>
        {
            var content = new StreamContent(body);
            content.Headers.ContentLength = 4097;
            return content;
        });

        var failure = (await Gateway(handler, maxResponseBytes: 4096).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None)).Failure!;

        Assert.Equal((CasFailureKind.ServerError, CasFailureCodes.TooLarge), (failure.Kind, failure.Code));
        Assert.Equal("The CAS server's answer is larger than the 4096-byte limit (Cas:MaxResponseBytes).", failure.Reason);
        Assert.Equal(0, body.ReadCalls);
        Assert.Single(handler.RequestedUrls);
    }

    [Fact]
    public async Task Endless_body_without_length_is_cut_off_at_the_cap()
    {
        var body = new TrickleStream(Encoding.UTF8.GetBytes(SuccessXml), endless: true);
        var handler = FakeCasHandler.Answering(() => new StreamContent(body));

        var failure = (await Gateway(handler, maxResponseBytes: 4096).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None)).Failure!;

        Assert.Equal((CasFailureKind.ServerError, CasFailureCodes.TooLarge), (failure.Kind, failure.Code));
        Assert.InRange(body.BytesRead, 4097, 4096 + (64 * 1024));
    }

    [Fact]
    public async Task Body_without_length_of_exactly_the_cap_is_read_and_one_byte_more_is_refused()
    {
        var exact = SuccessXml + new string(' ', 4096 - Encoding.UTF8.GetByteCount(SuccessXml));
        var gateway = Gateway(FakeCasHandler.Answering(() => new StreamContent(new TrickleStream(Encoding.UTF8.GetBytes(exact)))), maxResponseBytes: 4096);
        var overBy1 = Gateway(FakeCasHandler.Answering(() => new StreamContent(new TrickleStream(Encoding.UTF8.GetBytes(exact + " ")))), maxResponseBytes: 4096);

        var accepted = await gateway.ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None);
        var refused = await overBy1.ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None);

        Assert.Equal("alice", accepted.Assertion?.Username);
        Assert.Equal(CasFailureCodes.TooLarge, refused.Failure?.Code);
    }

    [Fact]
    public async Task Body_is_decoded_with_the_charset_the_server_names()
    {
        var xml = SuccessXml.Replace("alice", "José", StringComparison.Ordinal);
        var handler = FakeCasHandler.Answering(() =>
        {
            var content = new ByteArrayContent(Encoding.Latin1.GetBytes(xml));
            content.Headers.ContentType = new("text/xml") { CharSet = "ISO-8859-1" };
            return content;
        });

        var result = await Gateway(handler).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None);

        Assert.Equal("José", result.Assertion?.Username);
    }

    [Fact]
    public async Task Refused_connection_is_unreachable_and_is_not_retried()
    {
        var handler = new FakeCasHandler((_, _) =>
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (cas.example.edu:443)"));

        var failure = (await Gateway(handler).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None)).Failure!;

        Assert.Equal((CasFailureKind.ServerError, CasFailureCodes.Unreachable), (failure.Kind, failure.Code));
        Assert.Equal("No answer could be read from the CAS server: the connection was refused or failed.", failure.Reason);
        Assert.Single(handler.RequestedUrls);
    }

    [Theory]
    [InlineData(HttpRequestError.NameResolutionError, "No answer could be read from the CAS server: its host name could not be resolved.")]
    [InlineData(HttpRequestError.SecureConnectionError, "No answer could be read from the CAS server: the TLS connection could not be established (check the server's certificate).")]
    public async Task Name_and_certificate_failures_say_which_in_plain_words(HttpRequestError error, string reason)
    {
        var handler = new FakeCasHandler((_, _) => throw new HttpRequestException(error, "lookup failed"));

        var failure = (await Gateway(handler).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None)).Failure!;

        Assert.Equal((CasFailureKind.ServerError, CasFailureCodes.Unreachable, reason), (failure.Kind, failure.Code, failure.Reason));
    }

    [Fact]
    public async Task Server_slower_than_the_validation_timeout_is_a_timeout_and_is_not_retried()
    {
        var handler = new FakeCasHandler(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(SuccessXml) };
        });
        var clock = new FakeTimeProvider();
        var timeout = TimeSpan.FromMilliseconds(200);

        var pending = Gateway(handler, timeout: timeout, clock: clock).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None);
        var failure = (await clock.AdvancePastAsync(timeout, pending)).Failure!;

        Assert.Equal((CasFailureKind.Timeout, CasFailureCodes.Timeout), (failure.Kind, failure.Code));
        Assert.Equal("The CAS server did not answer within 0.2 seconds.", failure.Reason);
        Assert.Single(handler.RequestedUrls);
    }

    [Fact]
    public async Task Body_that_stalls_after_the_headers_is_a_timeout()
    {
        var handler = FakeCasHandler.Answering(() => new StreamContent(new StallingStream()));
        var clock = new FakeTimeProvider();
        var timeout = TimeSpan.FromMilliseconds(200);

        var pending = Gateway(handler, timeout: timeout, clock: clock).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None);
        var failure = (await clock.AdvancePastAsync(timeout, pending)).Failure!;

        Assert.Equal((CasFailureKind.Timeout, CasFailureCodes.Timeout), (failure.Kind, failure.Code));
    }

    [Fact]
    public async Task Caller_cancellation_is_thrown_not_reported_as_a_cas_failure()
    {
        var handler = new FakeCasHandler(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(SuccessXml) };
        });
        using var caller = new CancellationTokenSource();

        var pending = Gateway(handler).ValidateServiceTicketAsync(Ticket, Service, caller.Token);
        await caller.CancelAsync();
        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        Assert.Equal(caller.Token, thrown.CancellationToken);
        Assert.Single(handler.RequestedUrls);
    }

    public static TheoryData<string, int, LogLevel> LoggedOutcomes => new()
    {
        { "success", 2001, LogLevel.Debug },
        { "rejected", 2002, LogLevel.Information },
        { "http500", 2003, LogLevel.Warning },
        { "unreachable", 2004, LogLevel.Warning },
        { "timeout", 2005, LogLevel.Warning },
    };

    [Theory]
    [MemberData(nameof(LoggedOutcomes))]
    public async Task Each_outcome_is_logged_with_its_event_id_and_the_ticket_hash_but_never_the_ticket(string outcome, int eventId, LogLevel level)
    {
        async Task<HttpResponseMessage> Respond(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            switch (outcome)
            {
                case "success":
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(SuccessXml) };
                case "rejected":
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Samples.Read("cas3-failure-invalid-ticket.xml")) };
                case "http500":
                    return new HttpResponseMessage(HttpStatusCode.InternalServerError);
                case "unreachable":
                    // A handler (or a DelegatingHandler someone adds) that puts the request URL in its messages.
                    throw new HttpRequestException($"Connection refused for {request.RequestUri}", new IOException($"at {request.RequestUri!.Query}"));
                default:
                    await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(SuccessXml) };
            }
        }

        var handler = new FakeCasHandler(Respond);
        var logger = new RecordingLogger<CasGateway>();
        var clock = new FakeTimeProvider();
        var timeout = TimeSpan.FromSeconds(10);

        await clock.AdvancePastAsync(timeout, Gateway(handler, logger, timeout, clock: clock).ValidateServiceTicketAsync(Ticket, Service, CancellationToken.None));

        var outcomeEntry = Assert.Single(logger.Entries, entry => entry.EventId.Id != 2000);
        Assert.Equal((eventId, level), (outcomeEntry.EventId.Id, outcomeEntry.Level));
        Assert.All(logger.Entries, entry =>
        {
            Assert.Contains("#" + TicketHashPrefix, entry.Message);
            Assert.DoesNotContain("aA5Yuvrxzpv8Tau1cYQ7", entry.AllText);
        });
    }

    [Fact]
    public void Login_and_logout_urls_point_at_the_configured_server_with_the_service_encoded()
    {
        var gateway = Gateway(FakeCasHandler.Answering(HttpStatusCode.OK, SuccessXml));

        Assert.Equal(
            "https://cas.example.edu/cas/login?service=https%3A%2F%2Fportal.example.edu%2Flogin%3Fnext%3D%252Fadmin",
            gateway.BuildLoginUrl(new CasLoginRequest(Service)).AbsoluteUri);
        Assert.Equal(
            "https://cas.example.edu/cas/logout?service=https%3A%2F%2Fportal.example.edu%2Flogout-callback",
            gateway.BuildLogoutUrl("https://portal.example.edu/logout-callback").AbsoluteUri);
    }

    [Fact]
    public void Ticket_hash_is_lowercase_sha256_hex_and_its_short_form_is_its_first_12_characters()
    {
        var hash = TicketHash.Of(Ticket);

        Assert.Equal("4e42287504d8750622b4fad3f65f2d96b1b77696b405542c91b1105130ae9d3c", hash);
        Assert.Equal(TicketHashPrefix, TicketHash.Short(hash));
        Assert.Throws<ArgumentException>(() => TicketHash.Short(Ticket));
    }

    private static CasGateway Gateway(
        HttpMessageHandler handler,
        ILogger<CasGateway>? logger = null,
        TimeSpan? timeout = null,
        int maxResponseBytes = 256 * 1024,
        TimeProvider? clock = null)
    {
        var options = new CasOptions
        {
            ServerUrl = "https://cas.example.edu/cas/",
            ValidationTimeout = timeout ?? TimeSpan.FromSeconds(10),
            MaxResponseBytes = maxResponseBytes,
        };
        return new CasGateway(new HttpClient(handler), Options.Create(options), clock ?? TimeProvider.System, logger ?? new RecordingLogger<CasGateway>(),
            new PortalMetrics(new StandaloneMeterFactory()));
    }
}
