using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Products;

/// <summary>
/// Search over products through HTTP, against what was written: one hit per product, pages that concatenate to one
/// big page, filters and facets over every match, keyword and hybrid modes, recommendations and batches.
/// </summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class ProductSearchApiTests(EmbeddedGatewayFixture fixture)
{
    private static readonly string[] Brands = ["Arla", "Valio", "Oatly", "Alpro"];
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Pages_concatenate_to_one_big_page_of_distinct_products_and_min_score_cuts_it()
    {
        var (name, products) = await SeedAsync("pages");
        var query = Vector(new Random(99));

        var big = await HitsAsync(name, $$"""{"vectors": {"image": {{query}}}, "k": 30}""");
        var pages = new List<JsonElement>();
        for (var page = 0; page < 3; page++) pages.AddRange(await HitsAsync(name, $$"""{"vectors": {"image": {{query}}}, "k": 10, "offset": {{page * 10}}}"""));

        Assert.Equal(30, big.Count);
        Assert.Equal(big.Select(Id), pages.Select(Id));
        Assert.Equal(30, big.Select(Id).Distinct().Count()); // products have up to 3 photos; each comes back once
        Assert.Equal(products.Count(p => p.Photos > 0), (await HitsAsync(name, $$"""{"vectors": {"image": {{query}}}, "k": 1000}""")).Count);
        var floor = big[12].GetProperty("score").GetSingle();
        var cut = await HitsAsync(name, $$"""{"vectors": {"image": {{query}}}, "k": 100, "minScore": {{floor.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}}""");
        Assert.Equal(big.Take(13).Select(Id), cut.Select(Id));
    }

    [Fact]
    public async Task Filters_keep_exactly_the_matching_products_and_facets_count_all_of_them()
    {
        var (name, products) = await SeedAsync("filters");
        var filter = """{"must": [{"key": "attributes.brand", "in": ["Arla", "Oatly"]}, {"key": "attributes.price", "range": {"gte": 2, "lt": 6}}], "mustNot": [{"key": "attributes.tags", "match": "vegan"}]}""";
        bool Matches(Seeded p) => p.Brand is "Arla" or "Oatly" && p.Price is >= 2 and < 6 && !p.Tags.Contains("vegan");

        using var answer = await SearchAsync(name, $$"""{"vectors": {"image": {{Vector(new Random(5))}}}, "k": 1000, "filter": {{filter}}, "facets": ["category", "attributes.brand", "attributes.organic"]}""");

        var hits = answer.RootElement.GetProperty("hits").EnumerateArray().Select(Id).ToHashSet();
        Assert.Equal(products.Where(p => Matches(p) && p.Photos > 0).Select(p => p.Id).ToHashSet(), hits);
        var facets = answer.RootElement.GetProperty("facets");
        var matching = products.Where(Matches).ToList(); // facets count photo-less products too: every product the filter keeps
        Assert.Equal(
            matching.GroupBy(p => p.Category).ToDictionary(g => g.Key, g => (long)g.Count()),
            facets.GetProperty("category").EnumerateArray().ToDictionary(v => v.GetProperty("value").GetString()!, v => v.GetProperty("count").GetInt64()));
        Assert.Equal(
            matching.GroupBy(p => p.Organic).ToDictionary(g => g.Key, g => (long)g.Count()),
            facets.GetProperty("attributes.organic").EnumerateArray().ToDictionary(v => v.GetProperty("value").GetBoolean(), v => v.GetProperty("count").GetInt64()));
        Assert.True(matching.Count > 3 && matching.Count < products.Count / 2, $"{matching.Count} of {products.Count} match: the filter must select");

        using var limited = await SearchAsync(name, $$"""{"vectors": {"image": {{Vector(new Random(5))}}}, "k": 1, "facets": ["attributes.brand"], "facetLimit": 2}""");
        var top = limited.RootElement.GetProperty("facets").GetProperty("attributes.brand").EnumerateArray().ToList();
        Assert.Equal(2, top.Count);
        var expectedTop = products.GroupBy(p => p.Brand).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(2);
        Assert.Equal(expectedTop.Select(g => (g.Key, (long)g.Count())), top.Select(v => (v.GetProperty("value").GetString()!, v.GetProperty("count").GetInt64())));
    }

    [Fact]
    public async Task Keyword_search_finds_a_rare_word_in_a_description_and_hybrid_says_where_each_hit_came_from()
    {
        var (name, products) = await SeedAsync("keyword");

        var keyword = await HitsAsync(name, """{"text": "lingonberry", "mode": "keyword", "k": 5}""");
        var hybrid = await HitsAsync(name, $$"""{"text": "lingonberry", "vectors": {"image": {{Vector(new Random(3))}}}, "mode": "hybrid", "k": 5}""");
        var filtered = await HitsAsync(name, """{"text": "lingonberry", "mode": "keyword", "k": 5, "filter": {"category": "Juice"}}""");

        Assert.Equal("p7", Id(Assert.Single(keyword)));
        Assert.Equal("p7", Id(hybrid[0]));
        Assert.Contains("keyword", hybrid[0].GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.All(hybrid.Skip(1), h => Assert.Equal(["vector"], h.GetProperty("sources").EnumerateArray().Select(s => s.GetString())));
        Assert.Equal(products.Single(p => p.Id == "p7").Category == "Juice", filtered.Count == 1);
    }

    [Fact]
    public async Task Keyword_scores_do_not_depend_on_how_many_shards_hold_the_products()
    {
        var (four, _) = await SeedAsync("bm25-four", shards: 4, seed: 7);
        var (one, _) = await SeedAsync("bm25-one", shards: 1, seed: 7);

        foreach (var words in new[] { "oat drink", "arla 12", "lingonberry drink" })
        {
            var spread = await HitsAsync(four, $$"""{"text": "{{words}}", "mode": "keyword", "k": 20}""");
            var together = await HitsAsync(one, $$"""{"text": "{{words}}", "mode": "keyword", "k": 20}""");
            Assert.NotEmpty(spread);
            Assert.Equal(together.Select(h => (Id(h), h.GetProperty("score").GetSingle())), spread.Select(h => (Id(h), h.GetProperty("score").GetSingle())));
        }
    }

    [Fact]
    public async Task Recommendations_search_from_examples_and_never_return_them()
    {
        var (name, _) = await SeedAsync("recommend");

        var like = await HitsAsync(name, """{"positive": ["p1"], "k": 5}""");
        var likeNot = await HitsAsync(name, """{"positive": ["p1", "p2"], "negative": ["p3"], "k": 50}""");
        using var unknown = await Client.PostAsync($"/collections/{name}/search", EmbeddedGatewayFixture.Json("""{"positive": ["p1", "nope", "gone"]}"""));

        Assert.Equal(5, like.Count);
        Assert.DoesNotContain("p1", like.Select(Id));
        Assert.DoesNotContain(likeNot.Select(Id), id => id is "p1" or "p2" or "p3");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var problem = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("positive", problem.GetProperty("field").GetString());
        Assert.Contains("'nope', 'gone'", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_batch_answers_each_search_as_it_would_be_answered_alone()
    {
        var (name, _) = await SeedAsync("batch");
        string[] searches =
        [
            $$"""{"vectors": {"image": {{Vector(new Random(1))}}}, "k": 4}""",
            $$$"""{"vectors": {"image": {{{Vector(new Random(2))}}}}, "k": 3, "offset": 2, "filter": {"category": "Milk"}}""",
            """{"text": "oat", "mode": "keyword", "k": 3}""",
        ];

        using var batch = await Client.PostAsync($"/collections/{name}/search/batch", EmbeddedGatewayFixture.Json($$$"""{"searches": [{{{string.Join(", ", searches)}}}]}"""));
        var bad = await Client.PostAsync($"/collections/{name}/search/batch", EmbeddedGatewayFixture.Json("""{"searches": [{"vectors": {"image": [1, 0, 0, 0]}}, {"vectors": {"image": [1, 0, 0, 0]}, "k": 0}]}"""));

        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        var results = JsonDocument.Parse(await batch.Content.ReadAsStringAsync()).RootElement.GetProperty("results").EnumerateArray().ToList();
        for (var i = 0; i < searches.Length; i++)
        {
            Assert.Equal((await HitsAsync(name, searches[i])).Select(Id), results[i].GetProperty("hits").EnumerateArray().Select(Id));
        }
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("searches[1].k", JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task More_vectors_per_space_than_the_limit_are_refused_naming_the_field_and_nothing_is_written()
    {
        var name = await fixture.CreateCollectionAsync("too-many");
        var vectors = string.Join(", ", Enumerable.Range(0, 33).Select(i => Vector(new Random(i))));

        using var response = await Client.PostAsync($"/collections/{name}/products", EmbeddedGatewayFixture.Json($$$"""{"products": [{"id": "p", "vectors": {"image": [{{{vectors}}}]}}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("products[0].vectors.image", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/collections/{name}/products/p")).StatusCode);
    }

    private sealed record Seeded(string Id, string Category, string Brand, double Price, bool Organic, string[] Tags, int Photos);

    /// <summary>60 products over 4 shards: 0–3 photo vectors each, typed attributes, titles; p7's description holds a rare word.</summary>
    private async Task<(string Name, List<Seeded> Products)> SeedAsync(string prefix, int shards = 4, int? seed = null)
    {
        var name = await fixture.CreateCollectionAsync(prefix, shards);
        var random = new Random(seed ?? prefix.Length);
        var seeded = new List<Seeded>();
        var lines = new List<string>();
        string[] categories = ["Milk", "Juice", "Yoghurt"];
        for (var i = 0; i < 60; i++)
        {
            var p = new Seeded($"p{i}", categories[i % 3], Brands[random.Next(Brands.Length)], random.Next(1, 9), random.Next(2) == 0,
                random.Next(3) == 0 ? ["vegan", "eco"] : ["eco"], i < 4 ? 1 + i % 3 : random.Next(4));
            seeded.Add(p);
            var photos = string.Join(", ", Enumerable.Range(0, p.Photos).Select(_ => Vector(random)));
            var product = new JsonObject
            {
                ["id"] = p.Id,
                ["title"] = $"{p.Brand} oat drink {i}",
                ["category"] = p.Category,
                ["description"] = i == 7 ? "Pressed from wild lingonberry." : "A drink.",
                ["attributes"] = new JsonObject { ["brand"] = p.Brand, ["price"] = p.Price, ["organic"] = p.Organic, ["tags"] = new JsonArray([.. p.Tags.Select(t => (JsonNode)t)]) },
            };
            if (p.Photos > 0) product["vectors"] = JsonNode.Parse($$"""{"image": [{{photos}}]}""");
            lines.Add(product.ToJsonString());
        }
        foreach (var batch in lines.Chunk(20)) // the shared gateway takes small batches
        {
            using var upsert = await Client.PostAsync($"/collections/{name}/products", EmbeddedGatewayFixture.Json($$"""{"products": [{{string.Join(", ", batch)}}]}"""));
            Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
        }
        return (name, seeded);
    }

    private static string Vector(Random random) => $"[{string.Join(", ", RandomVectors.Unit(random, 4).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}]";

    private async Task<JsonDocument> SearchAsync(string name, string body)
    {
        using var response = await Client.PostAsync($"/collections/{name}/search", EmbeddedGatewayFixture.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text);
    }

    private async Task<List<JsonElement>> HitsAsync(string name, string body)
    {
        using var document = await SearchAsync(name, body);
        return [.. document.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.Clone())];
    }

    private static string Id(JsonElement hit) => hit.GetProperty("id").GetString()!;
}
