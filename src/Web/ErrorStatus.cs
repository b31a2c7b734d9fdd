using CasPortal.Application.Common.Behaviours;

namespace CasPortal.Web;

public static class ErrorStatus
{
    /// <summary>
    /// A request that failed validation, or a body over its limits, is the client's mistake (4xx); anything else is
    /// ours (500).
    /// </summary>
    public static int For(Exception exception) => exception switch
    {
        RequestValidationException => StatusCodes.Status400BadRequest,
        BadHttpRequestException badRequest => badRequest.StatusCode,
        InvalidDataException => StatusCodes.Status413PayloadTooLarge,
        _ when IsDatabaseFault(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>
    /// The client's fault (too many form fields, a body over its limit, a malformed request): one warning line is
    /// enough, and anyone can send thousands a minute, so no stack trace is logged for them.
    /// </summary>
    public static bool IsClientFault(Exception exception) => For(exception) is >= 400 and < 500;

    /// <summary>The database refused or could not take a write (read-only, full, locked too long, unreachable).</summary>
    public static bool IsDatabaseFault(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Data.Common.DbException)
            {
                return true;
            }
        }

        return false;
    }
}
