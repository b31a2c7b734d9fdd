using CasPortal.Application.Common.Security;
using Microsoft.AspNetCore.Authorization;

namespace CasPortal.Web.Authentication;

/// <summary>The "Administrator" policy: Portal:Admins, or Portal:AdminAttribute holding Portal:AdminAttributeValue.</summary>
public sealed class AdministratorRequirement : IAuthorizationRequirement
{
    public const string Policy = "Administrator";
}

public sealed class AdministratorHandler(IOptionsMonitor<PortalOptions> portal) : AuthorizationHandler<AdministratorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AdministratorRequirement requirement)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true
            && Administrators.IsAdministrator(
                user.Identity.Name ?? string.Empty,
                SessionPrincipal.AttributesOf(user).Select(a => KeyValuePair.Create(a.Name, a.Values)),
                portal.CurrentValue))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
