namespace CasPortal.Infrastructure.Cas;

/// <summary>The failures every parser reports alike: an answer that is not a CAS document, and a server's refusal.</summary>
internal static class CasFailures
{
    public static CasFailure Malformed(string reason) => new(CasFailureKind.ServerError, CasFailureCodes.Malformed, reason);

    /// <summary>
    /// The failure a refusal becomes: the server's code (or INTERNAL_ERROR when it sent none) and its own description,
    /// or plain words when it sent none. <paramref name="refused"/> names what was refused ("the ticket").
    /// </summary>
    public static CasFailure Refusal(string rawCode, string rawDescription, string refused)
    {
        var code = ServerText.Code(rawCode);
        var description = ServerText.Clean(rawDescription);
        if (code.Length == 0)
        {
            return new CasFailure(
                CasFailureKind.TicketRejected,
                CasFailureCodes.InternalError,
                ServerText.Clean(description.Length == 0
                    ? $"The CAS server refused {refused} without a failure code or description."
                    : $"The CAS server refused {refused} without a failure code: {description}"));
        }

        return new CasFailure(
            CasFailureKind.TicketRejected,
            code,
            description.Length == 0 ? $"The CAS server refused {refused} ({code}) without a description." : description);
    }
}
