using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Http;

/// <summary>A resharding asked for through <c>PATCH /collections/{name}</c> on the embedded gateway: accepted, reported while it runs, searched throughout.</summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class ReshardingApiTests(EmbeddedGatewayFixture fixture)
{
    [Fact]
    public async Task Patching_the_shard_count_is_accepted_reports_progress_and_ends_with_the_products_on_the_new_shards()
    {
        var name = $"reshard-{Guid.NewGuid():N}";
        using (var created = await fixture.Client.PutAsync($"/collections/{name}", EmbeddedGatewayFixture.Json("""{"shards": 2, "spaces": {"image": 3}}""")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var items = string.Join(",", Enumerable.Range(0, 40).Select(i => "{\"id\": \"p" + i + "\", \"vectors\": {\"image\": [" + (1 + i % 5) + ", " + (i % 3) + ", 1]}}"));
        using (var upserted = await fixture.Client.PostAsync($"/collections/{name}/products", EmbeddedGatewayFixture.Json("{\"products\": [" + items + "]}")))
        {
            Assert.True(upserted.IsSuccessStatusCode, await upserted.Content.ReadAsStringAsync());
        }

        using (var refused = await fixture.Client.PatchAsync($"/collections/{name}", EmbeddedGatewayFixture.Json("""{"shards": 0}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("shards", await refused.Content.ReadAsStringAsync());
        }
        using (var both = await fixture.Client.PatchAsync($"/collections/{name}", EmbeddedGatewayFixture.Json("""{"shards": 3, "replicas": 2}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        }
        using (var started = await fixture.Client.PatchAsync($"/collections/{name}", EmbeddedGatewayFixture.Json("""{"shards": 4}""")))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            Assert.Equal($"/collections/{name}", started.Headers.Location?.OriginalString);
            using var body = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
            Assert.Equal(4, body.RootElement.GetProperty("resharding").GetProperty("to").GetInt32());
        }
        using (var conflict = await fixture.Client.PatchAsync($"/collections/{name}", EmbeddedGatewayFixture.Json("""{"shards": 3}""")))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
            Assert.Contains("shards", await conflict.Content.ReadAsStringAsync());
        }

        var collection = await Poll.UntilAsync(
            async () => JsonDocument.Parse(await fixture.Client.GetStringAsync($"/collections/{name}")),
            c => c.RootElement.GetProperty("resharding").GetProperty("phase").GetString() is "done" or "failed",
            TimeSpan.FromSeconds(90),
            c => c.RootElement.GetProperty("resharding").ToString(),
            TimeSpan.FromMilliseconds(250));
        var resharding = collection.RootElement.GetProperty("resharding");
        Assert.Equal("done", resharding.GetProperty("phase").GetString());
        Assert.Equal(1.0, resharding.GetProperty("progress").GetDouble());
        Assert.Equal(40, resharding.GetProperty("backfilled").GetInt64());
        Assert.Equal(4, collection.RootElement.GetProperty("shards").GetInt32());
        Assert.Equal(40, collection.RootElement.GetProperty("products").GetInt64());
        Assert.Equal(4, collection.RootElement.GetProperty("perShard").GetArrayLength());

        using var search = await fixture.Client.PostAsync($"/collections/{name}/search", EmbeddedGatewayFixture.Json("""{"vectors": {"image": [1, 0, 1]}, "k": 40}"""));
        using var hits = JsonDocument.Parse(await search.Content.ReadAsStringAsync());
        Assert.Equal(40, hits.RootElement.GetProperty("hits").GetArrayLength());
        Assert.False(hits.RootElement.GetProperty("partial").GetBoolean());
    }
}
