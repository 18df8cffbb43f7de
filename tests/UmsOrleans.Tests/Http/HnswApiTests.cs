using System.Globalization;
using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Http;

/// <summary>A collection of index type hnsw through the HTTP API: it answers, honours ef, and forgets a deleted product at once.</summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class HnswApiTests(EmbeddedGatewayFixture fixture)
{
    private const int Dim = 8;

    private HttpClient Client => fixture.Client;

    private static StringContent Json(string json) => EmbeddedGatewayFixture.Json(json);

    [Fact]
    public async Task An_hnsw_collection_answers_takes_an_ef_and_drops_a_deleted_product_from_results()
    {
        var name = $"hnsw-{Guid.NewGuid():N}";
        using (var created = await Client.PutAsync($"/collections/{name}", Json($$$"""{"shards": 2, "spaces": {"image": {{{Dim}}}}, "index": {"type": "hnsw", "m": 8, "ef": 32, "precision": "bf16"}}""")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
            var index = body.RootElement.GetProperty("index");
            Assert.Equal("hnsw", index.GetProperty("type").GetString());
            Assert.Equal(8, index.GetProperty("m").GetInt32());
            Assert.Equal(200, index.GetProperty("efConstruction").GetInt32());
            Assert.Equal(32, index.GetProperty("ef").GetInt32());
            Assert.Equal("bf16", index.GetProperty("precision").GetString());
        }
        var random = new Random(3);
        var vectors = Enumerable.Range(0, 200).Select(_ => RandomVectors.Unit(random, Dim)).ToList();
        foreach (var batch in vectors.Select((v, i) => $$$"""{"id": "p{{{i}}}", "vectors": {"image": [{{{Numbers(v)}}}]}}""").Chunk(40))
        {
            using var upsert = await Client.PostAsync($"/collections/{name}/products", Json($$"""{"products": [{{string.Join(",", batch)}}]}"""));
            Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
        }

        var probe = $$"""{"vectors": {"image": [{{Numbers(vectors[17])}}]}, "k": 5, "ef": 128}""";
        Assert.Equal("p17", (await Search(name, probe))[0]);

        using (var deleted = await Client.DeleteAsync($"/collections/{name}/products/p17"))
        {
            Assert.True(deleted.IsSuccessStatusCode, deleted.StatusCode.ToString());
        }
        var after = await Search(name, probe);
        Assert.Equal(5, after.Count);
        Assert.DoesNotContain("p17", after);

        using var badEf = await Client.PostAsync($"/collections/{name}/search", Json($$"""{"vectors": {"image": [{{Numbers(vectors[0])}}]}, "ef": 0}"""));
        Assert.Equal(HttpStatusCode.BadRequest, badEf.StatusCode);
    }

    private static string Numbers(float[] vector) => string.Join(",", vector.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));

    private async Task<List<string?>> Search(string name, string body)
    {
        using var response = await Client.PostAsync($"/collections/{name}/search", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var result = JsonDocument.Parse(text);
        return [.. result.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString())];
    }
}
