using CasPortal.Application.Common.Interfaces;
using CasPortal.Application.Common.Models;
using CasPortal.Domain.Audit;
using FluentValidation;
using Mediator;

namespace CasPortal.Application.Common.Behaviours;

/// <summary>Runs every FluentValidation validator of a request before its handler.</summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(
    IEnumerable<IValidator<TMessage>> validators,
    IPortalDbContext db,
    TimeProvider clock)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count == 0)
        {
            return await next(message, cancellationToken);
        }

        if (message is IAuditedRequest audited)
        {
            // The validators' own messages are written for people and never repeat the value they refused.
            var reasons = string.Join(" ", failures.Select(f => f.ErrorMessage).Distinct());
            db.AuditEvents.Add(new AuditEvent(
                clock.GetUtcNow().UtcDateTime,
                AuditEventType.RequestRejected,
                clientIp: audited.Origin.ClientIp,
                userAgent: audited.Origin.UserAgent,
                detail: $"{RequestName()} refused before it was carried out: {reasons}",
                code: "MALFORMED_REQUEST"));
            await db.SaveChangesAsync(cancellationToken);
        }

        throw new RequestValidationException(failures.Select(f => f.ErrorMessage).Distinct().ToList());
    }

    /// <summary>"ValidateTicketCommand" as "Validate ticket": what the administrator reads in the audit log.</summary>
    private static string RequestName()
    {
        var name = typeof(TMessage).Name;
        foreach (var suffix in new[] { "Command", "Query" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                name = name[..^suffix.Length];
            }
        }

        var words = System.Text.RegularExpressions.Regex.Replace(name, "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant();
        return char.ToUpperInvariant(words[0]) + words[1..];
    }
}
