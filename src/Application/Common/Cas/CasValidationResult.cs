namespace CasPortal.Application.Common.Cas;

/// <summary>What the CAS server vouched for: the user and every attribute with all its values, in the order sent.</summary>
/// <param name="ProxyGrantingTicketIou">The PGTIOU-… the proxy callback receives with the PGT, when one was issued.</param>
/// <param name="Proxies">The proxies a proxy ticket went through, most recent first; null for a service ticket.</param>
public sealed record CasAssertion(
    string Username,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes,
    string? ProxyGrantingTicketIou = null,
    IReadOnlyList<string>? Proxies = null);

public enum CasFailureKind
{
    /// <summary>The server answered and refused the ticket (INVALID_TICKET, INVALID_SERVICE, any other code).</summary>
    TicketRejected,

    /// <summary>Unreachable, a non-2xx status, or an answer that is not a CAS document (HTML, truncated, oversized).</summary>
    ServerError,

    /// <summary>No complete answer within the validation timeout.</summary>
    Timeout,
}

/// <param name="Code">The CAS failure code (INVALID_TICKET …) or the portal's own for transport faults (UNREACHABLE …).</param>
/// <param name="Reason">Plain words for the audit trail and the page; never contains a ticket.</param>
public sealed record CasFailure(CasFailureKind Kind, string Code, string Reason);

public static class CasFailureCodes
{
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string InvalidTicketSpec = "INVALID_TICKET_SPEC";
    public const string InvalidTicket = "INVALID_TICKET";
    public const string InvalidService = "INVALID_SERVICE";
    public const string InternalError = "INTERNAL_ERROR";
    public const string UnauthorizedServiceProxy = "UNAUTHORIZED_SERVICE_PROXY";
    public const string InvalidProxyCallback = "INVALID_PROXY_CALLBACK";

    /// <summary>/proxy: the target service may not receive proxy tickets from this proxy.</summary>
    public const string UnauthorizedService = "UNAUTHORIZED_SERVICE";

    // The portal's own codes, for answers that never came or were not CAS documents.
    public const string Unreachable = "UNREACHABLE";
    public const string Timeout = "TIMEOUT";
    public const string HttpStatus = "HTTP_STATUS";
    public const string TooLarge = "RESPONSE_TOO_LARGE";
    public const string Malformed = "MALFORMED_RESPONSE";

    /// <summary>A SAML 1.1 server answered with a SOAP Fault (VersionMismatch, Client, Server …) instead of a Response.</summary>
    public const string SoapFault = "SOAP_FAULT";

    // The portal's own refusals of an answer the server gave as a success.
    public const string UsernameAttributeMissing = "USERNAME_ATTRIBUTE_MISSING";
    public const string SamlAssertionExpired = "SAML_ASSERTION_EXPIRED";
    public const string SamlAssertionNotYetValid = "SAML_ASSERTION_NOT_YET_VALID";
    public const string ProxyChainNotAllowed = "PROXY_CHAIN_NOT_ALLOWED";
    public const string ProxyGrantingTicketMissing = "PROXY_GRANTING_TICKET_MISSING";
}

public sealed class CasValidationResult : CasResult<CasAssertion>
{
    private CasValidationResult(CasAssertion? assertion, CasFailure? failure) : base(assertion, failure)
    {
    }

    public CasAssertion? Assertion => Value;

    public static CasValidationResult Success(CasAssertion assertion) => new(assertion, null);

    public static CasValidationResult Failed(CasFailureKind kind, string code, string reason) => Failed(new CasFailure(kind, code, reason));

    public static CasValidationResult Failed(CasFailure failure) => new(null, failure);
}
