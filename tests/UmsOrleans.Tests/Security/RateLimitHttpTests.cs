using System.Net;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Security;

/// <summary>A gateway of its own with a tiny limit (1 a second, bursts of 2) and no keys: requests are counted per remote address.</summary>
public sealed class RateLimitHttpTests : IAsyncLifetime
{
    private readonly string _dataDirectory = TestPaths.NewTempDirectory("rate-limit");
    private EmbeddedGateway _gateway = null!;

    public async Task InitializeAsync() =>
        _gateway = await EmbeddedGateway.StartAsync(_dataDirectory, "--Ums:Security:RateLimit:PermitsPerSecond=1", "--Ums:Security:RateLimit:Burst=2");

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Past_the_limit_a_request_is_a_429_problem_with_Retry_After_and_healthz_is_never_limited()
    {
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++) answers.Add(await _gateway.Client.GetAsync("/collections"));

        var refused = answers.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        await ApiKeyHttpTests.AssertProblemAsync(refused, 429, "Retry-After");
        Assert.Contains("Rate limit: 1 requests a second", _gateway.Output);
        Assert.Contains("No API key is configured", _gateway.Output);
        for (var i = 0; i < 4; i++)
        {
            using var health = await _gateway.Client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        answers.ForEach(r => r.Dispose());
    }
}
