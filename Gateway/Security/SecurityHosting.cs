using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace UmsOrleans.Gateway.Security;

/// <summary>
/// API keys with roles, a rate limit and a Content-Type check on writes. Endpoints without their own policy
/// need a key of the role their method implies (<see cref="ApiRoleRequirement"/>); a POST that only reads
/// carries <see cref="ApiRoles.SearchPolicy"/>; <c>/healthz</c> and the console's files stay open.
/// </summary>
public static class SecurityHosting
{
    public static WebApplicationBuilder AddUmsSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>().Bind(builder.Configuration.GetSection(ApiKeyOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddHostedService<SecurityStartupLog>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddSingleton<IAuthorizationHandler, ApiRoleAuthorizationHandler>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiRoles.SearchPolicy, policy => policy.AddRequirements(new ApiRoleRequirement(ApiRoles.Search)))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().AddRequirements(new ApiRoleRequirement(null)).Build());
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>(ApiRateLimiting.Configure);
        return builder;
    }

    /// <summary>After the console's static files (which stay open) and before the endpoints.</summary>
    public static WebApplication UseUmsSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<WriteContentTypeGuard>();
        return app;
    }
}
