namespace CasPortal.Application.Common.Behaviours;

/// <summary>
/// Runs every FluentValidation validator of a request before its handler. It only refuses: the audit record of an
/// audited request's refusal is written by RecordRejectedRequest, where the refusal is answered.
/// </summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        var failures = await RequestValidators.FailuresAsync(validators, message, cancellationToken);
        if (failures.Count == 0)
        {
            return await next(message, cancellationToken);
        }

        throw new RequestValidationException(failures, message is IAuditedRequest ? RequestName() : null);
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
