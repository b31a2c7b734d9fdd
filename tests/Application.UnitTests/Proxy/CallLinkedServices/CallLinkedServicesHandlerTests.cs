using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Models;
using CasPortal.Application.Common.Options;
using CasPortal.Application.Proxy.CallLinkedServices;
using CasPortal.Application.Proxy.GetProxyTicket;
using Mediator;
using Microsoft.Extensions.Options;
using Moq;

namespace CasPortal.Application.UnitTests.Proxy.CallLinkedServices;

public sealed class CallLinkedServicesHandlerTests
{
    private const string Mail = "https://mail.example.edu/inbox";
    private const string Library = "https://library.example.edu/loans";
    private readonly Mock<IMediator> _mediator = new(MockBehavior.Strict);
    private readonly Mock<ILinkedServiceClient> _client = new(MockBehavior.Strict);

    [Fact]
    public async Task Each_linked_service_is_called_with_its_own_proxy_ticket_and_answers_in_the_configured_order()
    {
        ProxyTicketFor(Mail, ProxyTicketResult.Success("PT-1-mail"));
        ProxyTicketFor(Library, ProxyTicketResult.Success("PT-2-library"));
        _client.Setup(c => c.CallAsync(Mail, "PT-1-mail", It.IsAny<CancellationToken>())).ReturnsAsync(new LinkedServiceAnswer("3 unread", null));
        _client.Setup(c => c.CallAsync(Library, "PT-2-library", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new LinkedServiceAnswer(null, "The service answered 503."));

        var results = await Handle();

        Assert.Equal(
            [
                new LinkedServiceResult("Mail", Mail, "3 unread", null),
                new LinkedServiceResult("Library", Library, null, "The service answered 503."),
            ],
            results);
    }

    [Fact]
    public async Task A_service_without_a_proxy_ticket_is_not_called_and_says_why_while_the_others_still_are()
    {
        ProxyTicketFor(Mail, ProxyTicketResult.Failed(CasFailureKind.TicketRejected, "UNAUTHORIZED_SERVICE", "not allowed to proxy"));
        ProxyTicketFor(Library, ProxyTicketResult.Success("PT-2-library"));
        _client.Setup(c => c.CallAsync(Library, "PT-2-library", It.IsAny<CancellationToken>())).ReturnsAsync(new LinkedServiceAnswer("1 loan", null));

        var results = await Handle();

        Assert.Equal(new LinkedServiceResult("Mail", Mail, null, "No proxy ticket (UNAUTHORIZED_SERVICE): not allowed to proxy"), results[0]);
        Assert.Equal(new LinkedServiceResult("Library", Library, "1 loan", null), results[1]);
        _client.Verify(c => c.CallAsync(Mail, It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Without_linked_services_nothing_is_asked_of_CAS()
    {
        var portal = Options.Create(new PortalOptions { PublicBaseUrl = "https://portal.example.edu" });

        var results = await new CallLinkedServicesHandler(_mediator.Object, _client.Object, portal)
            .Handle(new CallLinkedServicesQuery("session-id", "ref-1", "alice"), CancellationToken.None);

        Assert.Empty(results);
        _mediator.VerifyNoOtherCalls();
    }

    private void ProxyTicketFor(string target, ProxyTicketResult result) =>
        _mediator.Setup(m => m.Send(
                It.Is<GetProxyTicketCommand>(c => c.TargetService == target && c.SessionId == "session-id" && c.Username == "alice"),
                It.IsAny<CancellationToken>()))
            .Returns(ValueTask.FromResult(result));

    private async Task<IReadOnlyList<LinkedServiceResult>> Handle()
    {
        var portal = Options.Create(new PortalOptions
        {
            PublicBaseUrl = "https://portal.example.edu",
            LinkedServices = [new LinkedService { Name = "Mail", Url = Mail }, new LinkedService { Name = "Library", Url = Library }],
        });
        return await new CallLinkedServicesHandler(_mediator.Object, _client.Object, portal)
            .Handle(new CallLinkedServicesQuery("session-id", "ref-1", "alice"), CancellationToken.None);
    }
}
