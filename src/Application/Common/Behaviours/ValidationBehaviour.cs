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
        await RequestValidators.ThrowIfInvalidAsync(validators, message, cancellationToken);
        return await next(message, cancellationToken);
    }
}
