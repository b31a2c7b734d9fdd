using CasPortal.Application.Common.Telemetry;
using CasPortal.Application.Sessions.SingleLogout;

namespace CasPortal.Web.Cas;

/// <summary>Sends a single-logout request as its one command, in its own span and counted by channel and outcome.</summary>
public sealed class SingleLogoutSender(IMediator mediator, PortalMetrics metrics)
{
    /// <param name="logoutRequest">The request as its channel delivers it (XML on the back channel, deflated base64 on
    /// the front channel); null when it could not be read at all (malformed).</param>
    public async Task<SingleLogoutOutcome> SendAsync(
        HttpContext context, string? logoutRequest, SingleLogoutChannel channel, CancellationToken cancellationToken)
    {
        using var span = PortalTelemetry.ActivitySource.StartActivity(PortalTelemetry.Spans.SingleLogout);
        span?.SetTag(PortalTelemetry.Attributes.Channel, PortalMetrics.ChannelLabel(channel));
        var outcome = logoutRequest is null
            ? SingleLogoutOutcome.Malformed
            : await mediator.Send(new SingleLogoutCommand(logoutRequest, channel), cancellationToken);
        span?.SetTag(PortalTelemetry.Attributes.Outcome, PortalMetrics.OutcomeLabel(outcome));
        metrics.SingleLogoutHandled(channel, outcome);
        return outcome;
    }
}
