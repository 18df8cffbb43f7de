using System.ComponentModel.DataAnnotations;

namespace UmsOrleans.Gateway.Security;

/// <summary>
/// Requests per API key, or per remote address for requests without a key (section <c>Ums:Security:RateLimit</c>):
/// a token bucket refilled with <see cref="PermitsPerSecond"/> that holds at most <see cref="Burst"/>. Off while
/// <see cref="PermitsPerSecond"/> is 0, the default.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Ums:Security:RateLimit";

    [Range(0, 1_000_000, ErrorMessage = $"{Section}:{nameof(PermitsPerSecond)} must be from {{1}} to {{2}} (0 turns rate limiting off).")]
    public int PermitsPerSecond { get; set; }

    /// <summary>Most requests at once after a quiet spell; 0 means twice <see cref="PermitsPerSecond"/>.</summary>
    [Range(0, 10_000_000, ErrorMessage = $"{Section}:{nameof(Burst)} must be from {{1}} to {{2}} (0 means twice PermitsPerSecond).")]
    public int Burst { get; set; }

    public bool Enabled => PermitsPerSecond > 0;

    public int EffectiveBurst => Burst > 0 ? Burst : 2 * PermitsPerSecond;
}
