using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace UmsOrleans.Gateway.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>api-key: &lt;key&gt;</c> against the configured
/// keys; the principal is named after the key's setting name and carries its role. 401 and 403 are problem bodies.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyHeader = "api-key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (keys.IsEmpty || Presented(Request) is not { } presented) return Task.FromResult(AuthenticateResult.NoResult());
        if (keys.Find(presented) is not { } key) return Task.FromResult(AuthenticateResult.Fail("the API key is not known."));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var result = await HandleAuthenticateOnceSafeAsync();
        var detail = result.Failure is { } failure
            ? failure.Message
            : $"an API key is required: send 'Authorization: Bearer <key>' or '{KeyHeader}: <key>'.";
        await SecurityProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized.", "Authorization", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        SecurityProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden.", "Authorization",
            $"the API key '{Context.User.Identity?.Name}' has the role '{Context.User.FindFirstValue(ClaimTypes.Role)}'; this endpoint needs an '{ApiRoles.Admin}' key.");

    private static string? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return authorization["Bearer ".Length..].Trim();
        var header = request.Headers[KeyHeader].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }
}
