using System.Security.Claims;
using CasPortal.Application.Common.Security;
using Microsoft.AspNetCore.Authorization;

namespace CasPortal.Web.Authentication;

/// <summary>The "Administrator" policy: Portal:Admins, or Portal:AdminAttribute holding Portal:AdminAttributeValue.</summary>
public sealed class AdministratorRequirement : IAuthorizationRequirement
{
    public const string Policy = "Administrator";
}

/// <summary>
/// Whether the signed-in user is an administrator: the rule behind the policy. The layout's navigation bar asks it
/// directly on every page, without the authorization service's per-call machinery (docs/PERFORMANCE.md, fifth round).
/// </summary>
public sealed class AdministratorCheck(IOptionsMonitor<PortalOptions> portal)
{
    public bool IsAdministrator(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, Name: { } username }
        && Administrators.IsAdministrator(username, SessionPrincipal.AttributesOf(user), portal.CurrentValue);
}

public sealed class AdministratorHandler(AdministratorCheck check) : AuthorizationHandler<AdministratorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AdministratorRequirement requirement)
    {
        if (check.IsAdministrator(context.User))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
