using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace UmsOrleans.Gateway.Security;

/// <summary>One token bucket per API key (by its name, never the key itself), or per remote address without one; 429 with Retry-After.</summary>
public static class ApiRateLimiting
{
    public static void Configure(RateLimiterOptions limiter, IOptions<RateLimitOptions> options)
    {
        var settings = options.Value;
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        if (!settings.Enabled) return; // no global limiter: requests do not go through a partition at all
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.EffectiveBurst,
                TokensPerPeriod = settings.PermitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        limiter.OnRejected = async (rejected, _) =>
        {
            var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
            rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await SecurityProblems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests.", "Retry-After",
                $"more than {settings.PermitsPerSecond} requests a second (bursts of {settings.EffectiveBurst}); try again in {seconds} s.");
        };
    }

    private static string PartitionKey(HttpContext context) => context.User.Identity is { IsAuthenticated: true, Name: { } name }
        ? $"key:{name}"
        : $"address:{context.Connection.RemoteIpAddress}";
}
