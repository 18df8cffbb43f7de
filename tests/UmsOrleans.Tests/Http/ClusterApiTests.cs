using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Http;

/// <summary>A rebalance asked for through the API on the embedded single-silo gateway: accepted, reported, nothing to move.</summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class ClusterApiTests(EmbeddedGatewayFixture fixture)
{
    [Fact]
    public async Task A_rebalance_on_one_silo_is_accepted_and_ends_done_with_nothing_moved_and_the_collection_reports_it()
    {
        var name = $"rebalance-{Guid.NewGuid():N}";
        using (var created = await fixture.Client.PutAsync($"/collections/{name}", EmbeddedGatewayFixture.Json("""{"shards": 3, "spaces": {"image": 4}}""")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var started = await fixture.Client.PostAsync("/cluster/rebalance", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            Assert.Equal("/cluster/rebalance", started.Headers.Location?.OriginalString);
        }
        var report = await Poll.UntilAsync(
            async () => JsonDocument.Parse(await fixture.Client.GetStringAsync("/cluster/rebalance")),
            r => r.RootElement.GetProperty("state").GetString() != "running",
            TimeSpan.FromSeconds(60),
            r => r.RootElement.ToString());

        Assert.Equal("done", report.RootElement.GetProperty("state").GetString());
        Assert.Equal(0, report.RootElement.GetProperty("movesPlanned").GetInt32());
        var silo = Assert.Single(report.RootElement.GetProperty("after").EnumerateArray());
        Assert.True(silo.GetProperty("replicas").GetInt32() >= 3, silo.ToString());

        using var collection = JsonDocument.Parse(await fixture.Client.GetStringAsync($"/collections/{name}"));
        var rebalance = collection.RootElement.GetProperty("rebalance");
        Assert.Equal("done", rebalance.GetProperty("state").GetString());
        Assert.Empty(rebalance.GetProperty("moves").EnumerateArray());
    }
}
