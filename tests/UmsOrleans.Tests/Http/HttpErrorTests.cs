using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Http;

/// <summary>Every bad input gets the right status and a problem body that names the field.</summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class HttpErrorTests(EmbeddedGatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private static StringContent Json(string json) => EmbeddedGatewayFixture.Json(json);

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(field, problem.RootElement.GetProperty("field").GetString());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("""{"shards": 0, "spaces": {"image": 4}}""", "shards")]
    [InlineData("""{"shards": 2000, "spaces": {"image": 4}}""", "shards")]
    [InlineData("""{"shards": 2}""", "spaces")]
    [InlineData("""{"shards": 2, "spaces": {}}""", "spaces")]
    [InlineData("""{"shards": 2, "spaces": {"image": 0}}""", "spaces.image")]
    [InlineData("""{"shards": 2, "spaces": {"bad space": 3}}""", "spaces.bad space")]
    [InlineData("""{"shards": "four", "spaces": {"image": 4}}""", "$.shards")]
    [InlineData("""{"shards": 2, "spaces": {"image": 4}, "shard": 3}""", "$.shard")]
    [InlineData("""{"shards": 2, "spaces": {"image": 4""", "$.spaces.image")]
    [InlineData("""not json""", "$")]
    [InlineData("""{"shards": 2, "spaces": {"image": 4}, "index": {"type": "ivf"}}""", "index.type")]
    [InlineData("""{"shards": 2, "spaces": {"image": 4}, "index": {"type": "flat", "ef": 10}}""", "index.type")]
    [InlineData("""{"shards": 2, "spaces": {"image": 4}, "index": {"type": "hnsw", "m": 1}}""", "index.m")]
    [InlineData("""{"shards": 2, "spaces": {"image": 4}, "index": {"type": "hnsw", "efConstruction": 0}}""", "index.efConstruction")]
    [InlineData("""{"shards": 2, "spaces": {"image": 4}, "index": {"type": "hnsw", "ef": 5000}}""", "index.ef")]
    [InlineData("""{"shards": 2, "spaces": {"image": 4}, "index": {"type": "hnsw", "precision": "f32"}}""", "index.precision")]
    [InlineData("""{"shards": 2, "spaces": {"image": 4}, "index": {"type": "flat", "precision": "i8"}}""", "index.type")]
    public async Task Invalid_collection_settings_are_a_400_naming_the_field(string body, string field)
    {
        using var response = await Client.PutAsync($"/collections/bad-{Guid.NewGuid():N}", Json(body));
        await AssertProblem(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task An_invalid_collection_name_is_a_400()
    {
        using var response = await Client.PutAsync("/collections/has.dot", Json("""{"shards": 1, "spaces": {"a": 2}}"""));
        await AssertProblem(response, HttpStatusCode.BadRequest, "name");
    }

    [Fact]
    public async Task Creating_an_existing_collection_is_idempotent_but_other_settings_are_a_409()
    {
        var name = $"dup-{Guid.NewGuid():N}";
        using var created = await Client.PutAsync($"/collections/{name}", Json("""{"shards": 2, "spaces": {"image": 4}}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var same = await Client.PutAsync($"/collections/{name}", Json("""{"shards": 2, "spaces": {"image": 4}}"""));
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        using var other = await Client.PutAsync($"/collections/{name}", Json("""{"shards": 3, "spaces": {"image": 4}}"""));
        await AssertProblem(other, HttpStatusCode.Conflict, "name");
    }

    [Fact]
    public async Task Unknown_collections_and_products_are_a_404()
    {
        var missing = $"missing-{Guid.NewGuid():N}";
        await AssertProblem(await Client.GetAsync($"/collections/{missing}"), HttpStatusCode.NotFound, "name");
        await AssertProblem(await Client.DeleteAsync($"/collections/{missing}"), HttpStatusCode.NotFound, "name");
        await AssertProblem(await Client.PostAsync($"/collections/{missing}/products", Json("""{"products": [{"id": "a"}]}""")), HttpStatusCode.NotFound, "name");
        await AssertProblem(await Client.PostAsync($"/collections/{missing}/search", Json("""{"vectors": {"image": [1, 0, 0, 0]}}""")), HttpStatusCode.NotFound, "name");
        var name = await fixture.CreateCollectionAsync("nf");
        await AssertProblem(await Client.GetAsync($"/collections/{name}/products/nope"), HttpStatusCode.NotFound, "id");
        await AssertProblem(await Client.DeleteAsync($"/collections/{name}/products/nope"), HttpStatusCode.NotFound, "id");
    }

    [Theory]
    [InlineData("""{"id": "p", "vectors": {"image": [1, 2, 3]}}""", "products[0].vectors.image")]
    [InlineData("""{"id": "p", "vectors": {"image": [0, 0, 0, 0]}}""", "products[0].vectors.image")]
    [InlineData("""{"id": "p", "vectors": {"audio": [1, 2]}}""", "products[0].vectors.audio")]
    [InlineData("""{"id": "", "vectors": {"image": [1, 0, 0, 0]}}""", "products[0].id")]
    [InlineData("""{"title": "no id"}""", "products[0].id")]
    [InlineData("""{"id": "p", "vectors": {"image": [1, NaN, 0, 0]}}""", "$.products[0].vectors.image")]
    [InlineData("""{"id": "p", "vectors": {"image": [1, "NaN", 0, 0]}}""", "products[0].vectors.image[1]")]
    [InlineData("""{"id": "p", "vectors": {"image": [1, 1e39, 0, 0]}}""", "products[0].vectors.image")]
    [InlineData("""{"id": "p", "vectors": {"image": [1, "Infinity", 0, 0]}}""", "products[0].vectors.image[1]")]
    [InlineData("""{"id": "p", "vector": {"image": [1, 0, 0, 0]}}""", "$.products[0].vector")]
    public async Task An_invalid_product_is_a_400_naming_the_field_and_nothing_is_written(string product, string field)
    {
        var name = await fixture.CreateCollectionAsync("bad-product");
        using var response = await Client.PostAsync($"/collections/{name}/products", Json($$"""{"products": [{{product}}]}"""));
        await AssertProblem(response, HttpStatusCode.BadRequest, field);
        using var collection = JsonDocument.Parse(await Client.GetStringAsync($"/collections/{name}"));
        Assert.Equal(0, collection.RootElement.GetProperty("products").GetInt64());
    }

    [Fact]
    public async Task An_id_longer_than_256_characters_is_a_400()
    {
        var name = await fixture.CreateCollectionAsync("long-id");
        var id = new string('x', 257);
        using var response = await Client.PostAsync($"/collections/{name}/products", Json($$"""{"products": [{"id": "{{id}}"}]}"""));
        await AssertProblem(response, HttpStatusCode.BadRequest, "products[0].id");
        using var ok = await Client.PostAsync($"/collections/{name}/products", Json($$$"""{"products": [{"id": "{{{id[..256]}}}", "vectors": {"text": [1, 0, 0]}}]}"""));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task An_invalid_item_is_rejected_by_itself_and_the_rest_is_committed()
    {
        var name = await fixture.CreateCollectionAsync("mixed");
        using var response = await Client.PostAsync($"/collections/{name}/products", Json("""
            {"products": [
                {"id": "good", "title": "Oat milk", "vectors": {"image": [1, 0, 0, 0]}},
                {"id": "bad", "title": "Broken", "vectors": {"image": [1, 0]}}
            ]}
            """));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, body.RootElement.GetProperty("committed").GetInt32());
        Assert.Equal(1, body.RootElement.GetProperty("rejected").GetInt32());
        var items = body.RootElement.GetProperty("items");
        Assert.Equal("committed", items[0].GetProperty("status").GetString());
        Assert.Equal("rejected", items[1].GetProperty("status").GetString());
        Assert.Equal("products[1].vectors.image", items[1].GetProperty("error").GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/collections/{name}/products/good")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/collections/{name}/products/bad")).StatusCode);
    }

    [Fact]
    public async Task Oversize_batches_and_bodies_are_a_413_and_nothing_is_written()
    {
        var name = await fixture.CreateCollectionAsync("big");
        var tooMany = string.Join(",", Enumerable.Range(0, 51).Select(i => $$$"""{"id": "p{{{i}}}", "vectors": {"text": [1, 0, 0]}}"""));
        await AssertProblem(await Client.PostAsync($"/collections/{name}/products", Json($$"""{"products": [{{tooMany}}]}""")), HttpStatusCode.RequestEntityTooLarge, "products");
        var hugeTitle = new string('t', 250_000);
        await AssertProblem(await Client.PostAsync($"/collections/{name}/products", Json($$"""{"products": [{"id": "x", "title": "{{hugeTitle}}"}]}""")), HttpStatusCode.RequestEntityTooLarge, "$");
        using var collection = JsonDocument.Parse(await Client.GetStringAsync($"/collections/{name}"));
        Assert.Equal(0, collection.RootElement.GetProperty("products").GetInt64());
    }

    [Theory]
    [InlineData("""{"vectors": {"image": [1, 0, 0, 0]}, "k": 0}""", "k")]
    [InlineData("""{"vectors": {"image": [1, 0, 0, 0]}, "k": 1001}""", "k")]
    [InlineData("""{"k": 3}""", "vectors")]
    [InlineData("""{"vectors": {"image": [1, 0, 0]}}""", "vectors.image")]
    [InlineData("""{"vectors": {"video": [1, 0, 0]}}""", "vectors.video")]
    [InlineData("""{"vectors": {"image": [1, 0, 0, 0]}, "weights": {"video": 1}}""", "weights.video")]
    [InlineData("""{"vectors": {"image": [1, 0, 0, NaN]}}""", "$.vectors.image[3]")]
    [InlineData("""{"vectors": {"image": [1, 0, 0, 0]}, "k": 2.5}""", "$.k")]
    [InlineData("""{"vectors": {"image": [1, 0, 0, 0]}, "filter": {"category": 5}}""", "filter.category")]
    [InlineData("""{"vectors": {"image": [1, 0, 0, 0]}, "filter": {"must": [{"key": "attributes.price", "range": {"gte": "cheap"}}]}}""", "filter.must[0].range.gte")]
    [InlineData("""{"vectors": {"image": [1, 0, 0, 0]}, "filter": {"must": [{"key": "colour", "match": "red"}]}}""", "filter.must[0].key")]
    [InlineData("""{"vectors": {"image": [1, 0, 0, 0]}, "k": 10, "offset": 9995}""", "offset")]
    [InlineData("""{"vectors": {"image": [1, 0, 0, 0]}, "facets": ["colour"]}""", "facets[0]")]
    [InlineData("""{"vectors": {"image": [1, 0, 0, 0]}, "facets": ["category"], "facetLimit": 0}""", "facetLimit")]
    [InlineData("""{"vectors": {"image": [1, 0, 0, 0]}, "mode": "semantic"}""", "mode")]
    [InlineData("""{"vectors": {"image": [1, 0, 0, 0]}, "mode": "keyword"}""", "text")]
    [InlineData("""{"text": "milk", "mode": "hybrid", "fusion": {"method": "weighted", "alpha": 2}}""", "fusion.alpha")]
    [InlineData("""{"vectors": {"image": [1, 0, 0, 0]}, "minScore": "high"}""", "$.minScore")]
    [InlineData("""{"vectors": {"image": [1, 0, 0, 0]}, "ef": 100}""", "ef")]
    public async Task Invalid_searches_are_a_400_naming_the_field(string body, string field)
    {
        var name = await fixture.CreateCollectionAsync("bad-search");
        using var response = await Client.PostAsync($"/collections/{name}/search", Json(body));
        await AssertProblem(response, HttpStatusCode.BadRequest, field);
    }
}
