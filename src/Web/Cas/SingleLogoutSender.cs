using CasPortal.Application.Common.Telemetry;
using CasPortal.Application.Sessions.SingleLogout;
using CasPortal.Web.Authentication;
using Mediator;

namespace CasPortal.Web.Cas;

/// <summary>Sends a single-logout request as its one command, in its own span and counted by channel and outcome.</summary>
public sealed class SingleLogoutSender(IMediator mediator, PortalMetrics metrics)
{
    /// <param name="xml">The SAML LogoutRequest; null when it could not be decoded (malformed).</param>
    public async Task<SingleLogoutOutcome> SendAsync(
        HttpContext context, string? xml, SingleLogoutChannel channel, CancellationToken cancellationToken)
    {
        using var span = PortalTelemetry.ActivitySource.StartActivity(PortalTelemetry.Spans.SingleLogout);
        span?.SetTag(PortalTelemetry.Attributes.Channel, PortalMetrics.ChannelLabel(channel));
        var outcome = xml is null
            ? SingleLogoutOutcome.Malformed
            : await mediator.Send(new SingleLogoutCommand(xml, channel, context.Origin()), cancellationToken);
        span?.SetTag(PortalTelemetry.Attributes.Outcome, PortalMetrics.OutcomeLabel(outcome));
        metrics.SingleLogoutHandled(channel, outcome);
        return outcome;
    }
}
