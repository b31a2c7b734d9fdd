using CasPortal.Application.Proxy.GetProxyTicket;

namespace CasPortal.Application.Proxy.CallLinkedServices;

/// <summary>
/// The portal as an aggregator: calls each configured linked service for the user with a fresh proxy ticket, and
/// returns each answer or a plain reason why there is none.
/// </summary>
public sealed record CallLinkedServicesQuery(string SessionId, string SessionReference, string Username)
    : IQuery<IReadOnlyList<LinkedServiceResult>>;

public sealed record LinkedServiceResult(string Name, string Url, string? Answer, string? Problem);

public sealed class CallLinkedServicesHandler(IMediator mediator, ILinkedServiceClient client, IOptions<PortalOptions> portal)
    : IQueryHandler<CallLinkedServicesQuery, IReadOnlyList<LinkedServiceResult>>
{
    public async ValueTask<IReadOnlyList<LinkedServiceResult>> Handle(CallLinkedServicesQuery query, CancellationToken cancellationToken)
    {
        var results = new List<LinkedServiceResult>();
        foreach (var service in portal.Value.LinkedServices)
        {
            var ticket = await mediator.Send(
                new GetProxyTicketCommand(query.SessionId, query.SessionReference, query.Username, service.Url), cancellationToken);
            if (ticket.Failure is { } failure)
            {
                results.Add(new LinkedServiceResult(service.Name, service.Url, null,
                    $"No proxy ticket ({failure.Code}): {failure.Reason}"));
                continue;
            }

            var answer = await client.CallAsync(service.Url, ticket.ProxyTicket!, cancellationToken);
            results.Add(new LinkedServiceResult(service.Name, service.Url, answer.Text, answer.Problem));
        }

        return results;
    }
}
