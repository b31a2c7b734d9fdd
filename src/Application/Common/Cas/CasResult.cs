namespace CasPortal.Application.Common.Cas;

/// <summary>What one CAS back-channel request gave: its value, or the failure that stands in for it, never both.</summary>
public abstract class CasResult<TValue> where TValue : class
{
    private protected CasResult(TValue? value, CasFailure? failure)
    {
        if ((value is null) == (failure is null))
        {
            throw new ArgumentException("A CAS result holds either a value or a failure.");
        }

        Value = value;
        Failure = failure;
    }

    public CasFailure? Failure { get; }

    public bool Succeeded => Value is not null;

    private protected TValue? Value { get; }
}
