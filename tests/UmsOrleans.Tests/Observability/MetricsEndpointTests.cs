using System.Net;
using UmsOrleans.Tests.Support;
using static UmsOrleans.Tests.Support.EmbeddedGatewayFixture;

namespace UmsOrleans.Tests.Observability;

/// <summary>The real program's <c>/metrics</c> and request logging, with no API keys configured.</summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class MetricsEndpointTests(EmbeddedGatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task After_a_search_metrics_shows_our_histogram_per_collection_and_the_orleans_and_aspnetcore_meters()
    {
        var name = await SearchedCollectionAsync("metrics");

        var metrics = await Poll.UntilAsync(
            ScrapeAsync, text => text.Contains($"ums_collection=\"{name}\"", StringComparison.Ordinal), TimeSpan.FromSeconds(10), text => text);

        Assert.Contains(Lines(metrics), l => l.StartsWith("ums_search_duration_seconds_count{", StringComparison.Ordinal) && l.Contains($"ums_collection=\"{name}\""));
        Assert.Contains(Lines(metrics), l => l.StartsWith("ums_search_duration_seconds_bucket{", StringComparison.Ordinal) && l.Contains("le=\"0.005\""));
        Assert.Contains(Lines(metrics), l => l.StartsWith("ums_shard_scan_duration_seconds_count{", StringComparison.Ordinal) && l.Contains($"ums_collection=\"{name}\""));
        Assert.Contains(Lines(metrics), l => l.StartsWith("ums_ingest_products_written_total{", StringComparison.Ordinal) && l.Contains($"ums_collection=\"{name}\""));
        Assert.Contains(Lines(metrics), l => l.StartsWith("ums_memory_reserved_bytes", StringComparison.Ordinal));
        Assert.Contains(Lines(metrics), l => l.StartsWith("orleans_", StringComparison.Ordinal) && l.Contains("otel_scope_name=\"Microsoft.Orleans\""));
        Assert.Contains(Lines(metrics), l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal) && l.Contains("http_route=\"/collections/{name}/search\""));
    }

    [Fact]
    public async Task A_request_writes_no_information_line_from_the_hosting_or_routing_loggers()
    {
        await SearchedCollectionAsync("quiet-logs");
        // Information lines of other loggers do reach the output (the host's start-up), so their absence below means something.
        Assert.Contains("info: Microsoft.Hosting.Lifetime", fixture.Gateway.Output);

        Assert.DoesNotContain("info: Microsoft.AspNetCore.Hosting.Diagnostics", fixture.Gateway.Output);
        Assert.DoesNotContain("info: Microsoft.AspNetCore.Routing", fixture.Gateway.Output);
        Assert.DoesNotContain("info: Microsoft.AspNetCore.Http.Result", fixture.Gateway.Output);
    }

    private async Task<string> SearchedCollectionAsync(string prefix)
    {
        var name = await fixture.CreateCollectionAsync(prefix, shards: 2);
        using (var upsert = await Client.PostAsync($"/collections/{name}/products", Json("""{"products": [{"id": "p1", "vectors": {"image": [1, 0, 0, 0]}}]}""")))
        {
            upsert.EnsureSuccessStatusCode();
        }
        using var search = await Client.PostAsync($"/collections/{name}/search", Json("""{"vectors": {"image": [1, 0, 0, 0]}, "k": 1}"""));
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        return name;
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await Client.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static string[] Lines(string text) => text.Split('\n');
}
