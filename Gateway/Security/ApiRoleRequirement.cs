using Microsoft.AspNetCore.Authorization;

namespace UmsOrleans.Gateway.Security;

/// <summary>
/// The role an endpoint needs: <see cref="Role"/>, or when null, decided by the request's method (GET and HEAD
/// read, anything else writes). Met by anyone while no key is configured.
/// </summary>
public sealed class ApiRoleRequirement(string? role) : IAuthorizationRequirement
{
    public string? Role { get; } = role;
}

public sealed class ApiRoleAuthorizationHandler(ApiKeyStore keys) : AuthorizationHandler<ApiRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiRoleRequirement requirement)
    {
        var needed = requirement.Role ?? (context.Resource is HttpContext http && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            ? ApiRoles.Search
            : ApiRoles.Admin);
        if (keys.IsEmpty || context.User.IsInRole(ApiRoles.Admin) || (needed == ApiRoles.Search && context.User.IsInRole(ApiRoles.Search)))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
