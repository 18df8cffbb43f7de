namespace UmsOrleans.Gateway.Security;

internal static partial class SecurityLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "No API key is configured (Ums:Security:ApiKeys): every endpoint is open to anyone who can reach the gateway.")]
    public static partial void KeysOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "API keys required on every endpoint but /healthz: {AdminKeys} admin, {SearchKeys} search.")]
    public static partial void KeysOn(ILogger logger, int adminKeys, int searchKeys);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rate limit: {PermitsPerSecond} requests a second per API key or remote address, bursts of {Burst}.")]
    public static partial void RateLimitOn(ILogger logger, int permitsPerSecond, int burst);
}

/// <summary>Says at start-up whether the API is open, which keys guard it (counts, never keys) and the rate limit.</summary>
internal sealed class SecurityStartupLog(ApiKeyStore keys, Microsoft.Extensions.Options.IOptions<RateLimitOptions> rateLimit, ILogger<SecurityStartupLog> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (keys.IsEmpty) SecurityLog.KeysOff(logger);
        else SecurityLog.KeysOn(logger, keys.Count(ApiRoles.Admin), keys.Count(ApiRoles.Search));
        if (rateLimit.Value.Enabled) SecurityLog.RateLimitOn(logger, rateLimit.Value.PermitsPerSecond, rateLimit.Value.EffectiveBurst);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
