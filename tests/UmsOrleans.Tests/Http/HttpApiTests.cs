using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Http;

[Collection(EmbeddedGatewayCollection.Name)]
public sealed class HttpApiTests(EmbeddedGatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private static StringContent Json(string json) => EmbeddedGatewayFixture.Json(json);

    [Fact]
    public async Task Products_with_any_subset_of_modalities_are_searched_by_weighted_cosine()
    {
        var name = await fixture.CreateCollectionAsync("search");
        using var upsert = await Client.PostAsync($"/collections/{name}/products", Json("""
            {"products": [
                {"id": "both", "title": "Oat milk", "category": "Milk", "attributes": {"brand": "Oatly"},
                 "vectors": {"image": [2, 0, 0, 0], "text": [0, 3, 0]}},
                {"id": "photo-only", "category": "Milk", "vectors": {"image": [1, 1, 0, 0]}},
                {"id": "title-only", "title": "Oat drink", "category": "Juice", "vectors": {"text": [0, 1, 0]}},
                {"id": "nothing", "title": "No vectors yet"}
            ]}
            """));
        Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);

        using var response = await Client.PostAsync($"/collections/{name}/search", Json("""
            {"vectors": {"image": [1, 0, 0, 0], "text": [0, 1, 0]}, "weights": {"image": 1, "text": 0.5}, "k": 10}
            """));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var result = JsonDocument.Parse(body);
        var hits = result.RootElement.GetProperty("hits").EnumerateArray().ToList();
        // both: 1·1 + 0.5·1 = 1.5; photo-only: cos45° ≈ 0.7071; title-only: 0.5; nothing has no vector in either space,
        // so it is no candidate (it used to come back with score 0).
        Assert.Equal(new[] { "both", "photo-only", "title-only" }, hits.Select(h => h.GetProperty("id").GetString()));
        Assert.Equal(1.5, hits[0].GetProperty("score").GetDouble(), 4);
        Assert.Equal(Math.Sqrt(0.5), hits[1].GetProperty("score").GetDouble(), 4);
        Assert.Equal(0.5, hits[2].GetProperty("score").GetDouble(), 4);
        Assert.Equal("Oat milk", hits[0].GetProperty("title").GetString());
        Assert.Equal("Milk", hits[0].GetProperty("category").GetString());
        Assert.False(result.RootElement.GetProperty("partial").GetBoolean());
        Assert.Empty(result.RootElement.GetProperty("missingShards").EnumerateArray());
        Assert.True(result.RootElement.GetProperty("tookMs").GetDouble() >= 0);

        using var filtered = JsonDocument.Parse(await (await Client.PostAsync($"/collections/{name}/search",
            Json("""{"vectors": {"image": [1, 0, 0, 0]}, "k": 10, "filter": {"category": "Milk"}}"""))).Content.ReadAsStringAsync());
        Assert.Equal(new[] { "both", "photo-only" }, filtered.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_product_reads_back_normalised_is_replaced_on_upsert_and_deleted()
    {
        var name = await fixture.CreateCollectionAsync("crud");
        await Client.PostAsync($"/collections/{name}/products", Json("""{"products": [{"id": "p1", "title": "First", "attributes": {"size": "1l"}, "vectors": {"image": [3, 4, 0, 0]}}]}"""));

        using (var product = JsonDocument.Parse(await Client.GetStringAsync($"/collections/{name}/products/p1")))
        {
            Assert.Equal("First", product.RootElement.GetProperty("title").GetString());
            Assert.Equal("1l", product.RootElement.GetProperty("attributes").GetProperty("size").GetString());
            Assert.Equal(new[] { 0.6f, 0.8f, 0f, 0f }, product.RootElement.GetProperty("vectors").GetProperty("image").EnumerateArray().Select(v => v.GetSingle()));
        }

        await Client.PostAsync($"/collections/{name}/products", Json("""{"products": [{"id": "p1", "title": "Second", "vectors": {"text": [1, 0, 0]}}]}"""));
        using (var replaced = JsonDocument.Parse(await Client.GetStringAsync($"/collections/{name}/products/p1")))
        {
            Assert.Equal("Second", replaced.RootElement.GetProperty("title").GetString());
            Assert.False(replaced.RootElement.GetProperty("vectors").TryGetProperty("image", out _));
        }
        using (var collection = JsonDocument.Parse(await Client.GetStringAsync($"/collections/{name}")))
        {
            Assert.Equal(1, collection.RootElement.GetProperty("products").GetInt64());
            var perShard = collection.RootElement.GetProperty("perShard").EnumerateArray().ToList();
            Assert.Equal(4, perShard.Count);
            Assert.Equal(0, perShard.Sum(s => s.GetProperty("vectors").GetProperty("image").GetInt32()));
            Assert.Equal(1, perShard.Sum(s => s.GetProperty("vectors").GetProperty("text").GetInt32()));
        }

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/collections/{name}/products/p1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/collections/{name}/products/p1")).StatusCode);
        using (var list = JsonDocument.Parse(await Client.GetStringAsync("/collections")))
        {
            Assert.Contains(list.RootElement.EnumerateArray(), c => c.GetProperty("name").GetString() == name && c.GetProperty("products").GetInt64() == 0);
        }
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/collections/{name}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/collections/{name}")).StatusCode);
        using (var list = JsonDocument.Parse(await Client.GetStringAsync("/collections")))
        {
            Assert.DoesNotContain(list.RootElement.EnumerateArray(), c => c.GetProperty("name").GetString() == name);
        }
    }

    [Fact]
    public async Task Health_and_the_openapi_document_are_served()
    {
        using var health = JsonDocument.Parse(await Client.GetStringAsync("/healthz"));
        Assert.Equal("Healthy", health.RootElement.GetProperty("status").GetString());
        using var openApi = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json"));
        var paths = openApi.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/collections/{name}/search", out _));
        Assert.True(paths.TryGetProperty("/collections/{name}/products", out _));
    }
}
