using System.Net;
using System.Text.Json;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Performance;

[Collection(EmbeddedGatewayCollection.Name)]
public sealed class QuantizationSettingsTests(EmbeddedGatewayFixture fixture)
{
    [Fact]
    public void Stored_settings_keep_the_quantization_and_old_settings_read_as_none()
    {
        var spec = new CollectionSpec("c", 3, [new VectorSpace("image", 8)], Quantization: QuantizationSpec.Int8(6));

        var back = StoredCollectionSettings.Deserialize("c", StoredCollectionSettings.Serialize(spec));

        Assert.Equal(QuantizationSpec.Int8(6), back.Quantization);
        Assert.True(back.HasSameSettings(spec));
        var old = StoredCollectionSettings.Deserialize("c", """{"shards":3,"spaces":[{"name":"image","dimension":8}]}""");
        Assert.Null(old.Quantization);
        Assert.False(old.HasSameSettings(spec));
        Assert.DoesNotContain("quantization", StoredCollectionSettings.Serialize(old));
    }

    [Fact]
    public async Task An_int8_collection_is_created_described_and_searched_with_exact_scores()
    {
        var name = $"q8-{Guid.NewGuid():N}";
        using var created = await fixture.Client.PutAsync($"/collections/{name}",
            EmbeddedGatewayFixture.Json("""{"shards": 2, "spaces": {"image": 4}, "quantization": {"type": "int8", "oversample": 3}}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using (var described = JsonDocument.Parse(await created.Content.ReadAsStringAsync()))
        {
            var quantization = described.RootElement.GetProperty("quantization");
            Assert.Equal("int8", quantization.GetProperty("type").GetString());
            Assert.Equal(3, quantization.GetProperty("oversample").GetInt32());
        }
        using var conflict = await fixture.Client.PutAsync($"/collections/{name}", EmbeddedGatewayFixture.Json("""{"shards": 2, "spaces": {"image": 4}}"""));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);

        using var upsert = await fixture.Client.PostAsync($"/collections/{name}/products", EmbeddedGatewayFixture.Json("""
            {"products": [{"id": "a", "vectors": {"image": [1, 0, 0, 0]}}, {"id": "b", "vectors": {"image": [0.6, 0.8, 0, 0]}},
                          {"id": "c", "vectors": {"image": [0, 0, 1, 0]}}]}
            """));
        Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
        using var search = await fixture.Client.PostAsync($"/collections/{name}/search", EmbeddedGatewayFixture.Json("""{"vectors": {"image": [1, 0, 0, 0]}, "k": 2}"""));
        using var hits = JsonDocument.Parse(await search.Content.ReadAsStringAsync());
        var list = hits.RootElement.GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(new[] { "a", "b" }, list.Select(h => h.GetProperty("id").GetString()));
        Assert.Equal(0.6, list[1].GetProperty("score").GetDouble(), 1e-6); // rescored in float32, not the 8-bit estimate
    }

    [Theory]
    [InlineData("""{"type": "int4"}""", "quantization.type")]
    [InlineData("""{"type": "int8", "oversample": 0}""", "quantization.oversample")]
    [InlineData("""{"type": "none", "oversample": 2}""", "quantization.oversample")]
    public async Task Bad_quantization_settings_are_a_400_naming_the_field(string quantization, string field)
    {
        using var response = await fixture.Client.PutAsync($"/collections/bad-{Guid.NewGuid():N}",
            EmbeddedGatewayFixture.Json($$$"""{"shards": 1, "spaces": {"image": 4}, "quantization": {{{quantization}}}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(field, problem.RootElement.GetProperty("field").GetString());
    }
}

/// <summary>The real program with a tiny memory budget: a write that does not fit is a 507 that names the setting.</summary>
public sealed class MemoryBudgetHttpTests
{
    [Fact]
    public async Task A_write_over_the_memory_budget_is_a_507_problem_naming_the_setting_and_nothing_is_stored()
    {
        var data = TestPaths.NewTempDirectory("budget");
        try
        {
            // The budget is half of one 512-d block, so the first product cannot be held.
            var budget = VectorColumn.BlockRows * 512 * sizeof(float) / 2;
            await using var gateway = await EmbeddedGateway.StartAsync(data, $"--Ums:Memory:BudgetBytes={budget}");
            var client = gateway.Client;
            using var created = await client.PutAsync("/collections/big", EmbeddedGatewayFixture.Json("""{"shards": 1, "spaces": {"image": 512}}"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var vector = string.Join(",", Enumerable.Repeat("0.5", 512));

            using var response = await client.PostAsync("/collections/big/products",
                EmbeddedGatewayFixture.Json($$$"""{"products": [{"id": "p1", "vectors": {"image": [{{{vector}}}]}}]}"""));

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.InsufficientStorage, body);
            Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
            using var problem = JsonDocument.Parse(body);
            Assert.Equal("Ums:Memory:BudgetBytes", problem.RootElement.GetProperty("setting").GetString());
            Assert.Contains("Ums:Memory:BudgetBytes", problem.RootElement.GetProperty("detail").GetString());
            using var get = await client.GetAsync("/collections/big/products/p1");
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
