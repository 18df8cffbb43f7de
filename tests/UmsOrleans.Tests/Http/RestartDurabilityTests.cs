using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Http;

public sealed class RestartDurabilityTests
{
    [Fact]
    public async Task Acknowledged_writes_survive_a_killed_process_and_deleted_products_stay_deleted()
    {
        var dataDirectory = TestPaths.NewTempDirectory("restart");
        var name = "restart";
        var random = new Random(4);
        await using (var first = await EmbeddedGateway.StartAsync(dataDirectory))
        {
            Assert.Equal(HttpStatusCode.Created, (await first.Client.PutAsync($"/collections/{name}", EmbeddedGatewayFixture.Json("""{"shards": 3, "spaces": {"image": 8}}"""))).StatusCode);
            var products = string.Join(",", Enumerable.Range(0, 120).Select(i =>
                $$$"""{"id": "item-{{{i}}}", "title": "Item {{{i}}}", "vectors": {"image": [{{{string.Join(",", RandomVectors.Unit(random, 8).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}}}]}}"""));
            using var upsert = await first.Client.PostAsync($"/collections/{name}/products", EmbeddedGatewayFixture.Json($$"""{"products": [{{products}}]}"""));
            Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(HttpStatusCode.NoContent, (await first.Client.DeleteAsync($"/collections/{name}/products/item-{i}")).StatusCode);
            }
        } // killed, not stopped: only what was committed can come back

        await using var second = await EmbeddedGateway.StartAsync(dataDirectory);
        using var collection = JsonDocument.Parse(await second.Client.GetStringAsync($"/collections/{name}"));
        Assert.Equal(110, collection.RootElement.GetProperty("products").GetInt64());
        using var search = JsonDocument.Parse(await (await second.Client.PostAsync($"/collections/{name}/search",
            EmbeddedGatewayFixture.Json("""{"vectors": {"image": [1, 0, 0, 0, 0, 0, 0, 0]}, "k": 1000}"""))).Content.ReadAsStringAsync());
        var ids = search.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()).ToHashSet();
        Assert.Equal(110, ids.Count);
        Assert.All(Enumerable.Range(0, 10), i => Assert.DoesNotContain($"item-{i}", ids));
        Assert.Equal(HttpStatusCode.NotFound, (await second.Client.GetAsync($"/collections/{name}/products/item-3")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync($"/collections/{name}/products/item-30")).StatusCode);
    }
}
