namespace CasPortal.Application.Common.Behaviours;

/// <summary>What both validation behaviours ask of a request's validators.</summary>
internal static class RequestValidators
{
    /// <summary>
    /// Throws <see cref="RequestValidationException"/> with every validator's messages, each once, when
    /// <paramref name="message"/> is invalid; an audited request's refusal names the request for its audit record.
    /// </summary>
    public static async ValueTask ThrowIfInvalidAsync<TMessage>(
        IEnumerable<IValidator<TMessage>> validators, TMessage message, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            failures.AddRange(result.Errors.Select(e => e.ErrorMessage));
        }

        if (failures.Count > 0)
        {
            throw new RequestValidationException(
                failures.Distinct().ToList(), message is IAuditedRequest ? RequestName(typeof(TMessage)) : null);
        }
    }

    /// <summary>"ValidateTicketCommand" as "Validate ticket": what the administrator reads in the audit log.</summary>
    private static string RequestName(Type request)
    {
        var name = request.Name;
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
