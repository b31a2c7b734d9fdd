namespace CasPortal.Application.Common.Behaviours;

/// <summary>What both validation behaviours ask of a request's validators.</summary>
internal static class RequestValidators
{
    /// <summary>Every validator's messages for <paramref name="message"/>, each message once; empty when it is valid.</summary>
    public static async ValueTask<IReadOnlyList<string>> FailuresAsync<TMessage>(
        IEnumerable<IValidator<TMessage>> validators, TMessage message, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            failures.AddRange(result.Errors.Select(e => e.ErrorMessage));
        }

        return failures.Distinct().ToList();
    }
}
