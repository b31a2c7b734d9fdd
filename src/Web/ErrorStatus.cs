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
        _ => StatusCodes.Status500InternalServerError,
    };
}
