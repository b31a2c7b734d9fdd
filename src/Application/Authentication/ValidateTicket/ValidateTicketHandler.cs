using CasPortal.Application.Common.Cas;
using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Options;
using CasPortal.Domain;
using CasPortal.Domain.Audit;
using CasPortal.Domain.Sessions;
using Mediator;
using Microsoft.Extensions.Options;

namespace CasPortal.Application.Authentication.ValidateTicket;

public sealed class ValidateTicketHandler(
    ICasGateway cas,
    IPortalDbContext db,
    IOptions<PortalOptions> portal,
    IOptions<SessionOptions> sessions,
    IOptions<CasOptions> casOptions,
    TimeProvider clock) : ICommandHandler<ValidateTicketCommand, ValidateTicketResult>
{
    public async ValueTask<ValidateTicketResult> Handle(ValidateTicketCommand command, CancellationToken cancellationToken)
    {
        var returnUrl = ReturnUrl.LocalOrNull(command.ReturnUrl);
        // The same string StartLogin sent: rebuilt from configuration and the return path, never from the request URL.
        var service = ServiceUrls.ForLogin(portal.Value.PublicBaseUrl, returnUrl, command.GatewayAttempt);
        var ticketHash = TicketHash.Of(command.Ticket);

        var validation = await cas.ValidateServiceTicketAsync(command.Ticket, service, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;

        if (validation.Failure is { } failure)
        {
            return await FailAsync(command, failure.Kind, failure.Code, failure.Reason, ticketHash, now, cancellationToken);
        }

        var assertion = validation.Assertion!;
        if (assertion.Username.Length > Limits.UsernameLength)
        {
            return await FailAsync(command, CasFailureKind.TicketRejected, "USERNAME_TOO_LONG",
                $"The CAS server named a user longer than {Limits.UsernameLength} characters.", ticketHash, now, cancellationToken);
        }

        var sessionId = PortalSession.NewId();
        var session = new PortalSession(
            sessionId,
            assertion.Username,
            ticketHash,
            assertion.Attributes,
            now,
            sessions.Value.IdleTimeout,
            sessions.Value.AbsoluteLifetime,
            command.Origin.ClientIp,
            command.Origin.UserAgent);
        if (!await BindProxyGrantingTicketAsync(assertion, session.IdHash, now, cancellationToken) && casOptions.Value.RequireProxyGrantingTicket)
        {
            return await FailAsync(command, CasFailureKind.TicketRejected, CasFailureCodes.ProxyGrantingTicketMissing,
                "The CAS server did not deliver the proxy-granting ticket this portal requires.", ticketHash, now, cancellationToken);
        }

        await EndReplacedSessionAsync(command, now, cancellationToken);
        db.Sessions.Add(session);
        db.AuditEvents.Add(new AuditEvent(
            now, AuditEventType.LoginSucceeded, session.Username, session.Reference,
            command.Origin.ClientIp, command.Origin.UserAgent, $"Ticket #{TicketHash.Short(ticketHash)}"));
        await db.SaveChangesAsync(cancellationToken);

        return new ValidateTicketResult.SignedIn(sessionId, session.Reference, session.Username, returnUrl ?? ReturnUrl.Default);
    }

    /// <summary>The PGT arrived at the proxy callback before this answer; the IOU in the answer says whose it is.</summary>
    private async Task<bool> BindProxyGrantingTicketAsync(CasAssertion assertion, string sessionIdHash, DateTime now, CancellationToken cancellationToken)
    {
        if (assertion.ProxyGrantingTicketIou is not { } iou)
        {
            return false;
        }

        var pgt = await db.ProxyGrantingTickets.FindAsync([iou], cancellationToken);
        return pgt is not null && pgt.BindTo(sessionIdHash, now);
    }

    private async Task EndReplacedSessionAsync(ValidateTicketCommand command, DateTime now, CancellationToken cancellationToken)
    {
        if (command.CurrentSessionId is null)
        {
            return;
        }

        var previous = await db.Sessions.FindAsync([PortalSession.HashOfId(command.CurrentSessionId)], cancellationToken);
        if (previous is not null && previous.End(now, SessionEndReason.Replaced))
        {
            db.AuditEvents.Add(new AuditEvent(
                now, AuditEventType.Logout, previous.Username, previous.Reference,
                command.Origin.ClientIp, command.Origin.UserAgent, "Replaced by a new sign-in in the same browser"));
        }
    }

    private async Task<ValidateTicketResult> FailAsync(
        ValidateTicketCommand command,
        CasFailureKind kind,
        string code,
        string reason,
        string ticketHash,
        DateTime now,
        CancellationToken cancellationToken)
    {
        var replayed = code == CasFailureCodes.InvalidTicket && !command.IsRetry;
        var detail = $"{code}: {reason} (ticket #{TicketHash.Short(ticketHash)}{(replayed ? "; signing in again" : string.Empty)})";
        db.AuditEvents.Add(new AuditEvent(
            now, AuditEventType.LoginFailed, clientIp: command.Origin.ClientIp, userAgent: command.Origin.UserAgent, detail: detail, code: code));
        await db.SaveChangesAsync(cancellationToken);

        if (replayed)
        {
            return new ValidateTicketResult.RestartLogin(ReturnUrl.LocalOrNull(command.ReturnUrl));
        }

        return new ValidateTicketResult.Failed(kind, UserMessage(kind, code, reason));
    }

    private static string UserMessage(CasFailureKind kind, string code, string reason) => kind switch
    {
        CasFailureKind.Timeout => "The sign-in server did not answer in time. Please try again in a moment.",
        CasFailureKind.ServerError => $"The sign-in server could not confirm your sign-in. {reason}",
        _ => code switch
        {
            CasFailureCodes.InvalidTicket => "Your sign-in link has expired or was already used.",
            CasFailureCodes.InvalidService => "The sign-in server issued your ticket for a different address.",
            _ => $"The sign-in server refused your sign-in ({code}). {reason}",
        },
    };
}
