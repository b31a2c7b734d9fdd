using System.Threading.RateLimiting;

namespace CasPortal.Web.Security;

/// <summary>
/// The limits on ticket callbacks, which only the ticket handler (Cas/TicketValidationHandler) can apply because they
/// depend on whether the browser started the sign-in (<see cref="RateLimiting.FailedSignInsPolicy"/>) and on how the
/// validation went (<see cref="RateLimiting.CasValidationsPolicy"/>).
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;
    private readonly PartitionedRateLimiter<string> _oneAtATime;
    private readonly ConcurrencyLimiter _validations;

    public SignInThrottle(IOptions<RateLimitOptions> options)
    {
        var limits = options.Value;
        _failures = PartitionedRateLimiter.Create<string, string>(client =>
            RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limits.FailedSignInsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
        _oneAtATime = PartitionedRateLimiter.Create<string, string>(client =>
            RateLimitPartition.GetConcurrencyLimiter(client, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = 1,
                QueueLimit = limits.QueuedValidations,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
        _validations = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.ConcurrentValidations,
            QueueLimit = limits.QueuedValidations,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>
    /// Counts a failed ticket callback from <paramref name="client"/>. False (with when to try again) when the address
    /// has used up its failures for now; a caller that must not refuse ignores the answer.
    /// </summary>
    public bool TryRecordFailure(string client, out TimeSpan retryAfter)
    {
        using var lease = _failures.AttemptAcquire(client);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    /// <summary>
    /// Waits for a turn to validate a ticket this browser asked for: never refused for the address's sake, only when
    /// the queue for the CAS server is full. An address over its failure budget validates one ticket at a time.
    /// </summary>
    public async ValueTask<ValidationTurn> WaitForValidationTurnAsync(string client, CancellationToken cancellationToken)
    {
        using var budget = _failures.AttemptAcquire(client, 0);
        var ownTurn = budget.IsAcquired ? null : await _oneAtATime.AcquireAsync(client, 1, cancellationToken);
        if (ownTurn is { IsAcquired: false })
        {
            ownTurn.Dispose();
            return new ValidationTurn(null, null);
        }

        var slot = await _validations.AcquireAsync(1, cancellationToken);
        if (!slot.IsAcquired)
        {
            slot.Dispose();
            ownTurn?.Dispose();
            return new ValidationTurn(null, null);
        }

        return new ValidationTurn(slot, ownTurn);
    }

    public void Dispose()
    {
        _failures.Dispose();
        _oneAtATime.Dispose();
        _validations.Dispose();
    }

    /// <summary>A turn at the CAS server; dispose it when the validation is over.</summary>
    public sealed class ValidationTurn(RateLimitLease? slot, RateLimitLease? ownTurn) : IDisposable
    {
        /// <summary>False when the queue was full: the CAS server is too busy to take this validation now.</summary>
        public bool Granted => slot is not null;

        public void Dispose()
        {
            slot?.Dispose();
            ownTurn?.Dispose();
        }
    }
}
