using CasPortal.Application.Common.Behaviours;

namespace CasPortal.Web;

public static class ErrorStatus
{
    /// <summary>A request that failed validation is the client's mistake (400); anything else is ours (500).</summary>
    public static int For(Exception exception) =>
        exception is RequestValidationException ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError;
}
