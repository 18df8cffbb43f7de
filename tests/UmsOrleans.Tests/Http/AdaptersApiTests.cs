using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Http;

/// <summary>
/// Adapters trained in the cluster through the HTTP API on a small real grocery collection (the default model, twelve
/// products of four photos each, titles from catalog.jsonl): adapt by product and by an attribute, align, each a new
/// version with its validation scores; bad requests refused naming the field and the minimum; jobs and versions still
/// there after a restart.
/// </summary>
public sealed class AdaptersApiTests
{
    private static readonly TimeSpan JobDeadline = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Adapters_are_trained_listed_refused_when_impossible_and_kept_through_a_restart()
    {
        var data = TestPaths.NewTempDirectory("adapters");
        try
        {
            string alignJob;
            await using (var gateway = await EmbeddedGateway.StartAsync(data, $"--Ums:Ingest:DataRoot={TestPaths.GroceryDataset}", "--Ums:Encoding:Device=cpu"))
            {
                using var client = new HttpClient { BaseAddress = gateway.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
                await CreateGroceryCollectionAsync(client);
                await RefusesImpossibleRequestsAsync(client);

                var adaptJob = await TrainAsync(client, """{"kind": "adapt", "label": "product"}""");
                var adapt = await WaitUntilFinishedAsync(client, adaptJob);
                Assert.Equal("Completed", adapt.GetProperty("phase").GetString());
                Assert.Equal(1, adapt.GetProperty("version").GetInt32());
                Assert.Equal((48, 12), (adapt.GetProperty("trainingSet").GetProperty("photos").GetInt32(), adapt.GetProperty("trainingSet").GetProperty("labels").GetInt32()));

                using (var list = JsonDocument.Parse(await client.GetStringAsync("/collections/shop/adapters")))
                {
                    Assert.Equal("shop", list.RootElement.GetProperty("collection").GetString());
                    Assert.Equal(JsonValueKind.Null, list.RootElement.GetProperty("active").ValueKind);
                    Assert.False(list.RootElement.GetProperty("alignedTextSearchesImage").GetBoolean());
                    var first = Assert.Single(list.RootElement.GetProperty("adapters").EnumerateArray());
                    Assert.Equal((1, "adapt", "product", "image.adapted", "lda"), (first.GetProperty("version").GetInt32(), first.GetProperty("kind").GetString(),
                        first.GetProperty("label").GetString(), first.GetProperty("targetSpace").GetString(), first.GetProperty("method").GetString()));
                    Assert.Equal(11, first.GetProperty("targetDimension").GetInt32()); // labels − 1
                    Assert.Equal(["image"], first.GetProperty("sourceSpaces").EnumerateArray().Select(s => s.GetString()));
                    Assert.Equal((48, 12, 0), (first.GetProperty("vectors").GetInt32(), first.GetProperty("labels").GetInt32(), first.GetProperty("pairs").GetInt32()));
                    var validation = first.GetProperty("validation").EnumerateArray().ToList();
                    Assert.Equal(7, validation.Count);
                    Assert.All(validation, score => Assert.InRange(score.GetProperty("topOne").GetDouble(), 0, 1));
                    Assert.Contains(validation, score => score.GetProperty("regularisation").GetDouble() == first.GetProperty("regularisation").GetDouble());
                    Assert.False(first.GetProperty("active").GetBoolean());
                    Assert.True(first.GetProperty("bytes").GetInt64() > 512 * 11 * 4);
                }

                var shelf = await WaitUntilFinishedAsync(client, await TrainAsync(client, """{"kind": "adapt", "label": "attributes.shelf", "seed": 3}"""));
                Assert.Equal(("Completed", 2), (shelf.GetProperty("phase").GetString(), shelf.GetProperty("version").GetInt32()));

                alignJob = await TrainAsync(client, """{"kind": "align", "label": "product", "method": "cca"}""");
                var align = await WaitUntilFinishedAsync(client, alignJob);
                Assert.Equal(("Completed", 3), (align.GetProperty("phase").GetString(), align.GetProperty("version").GetInt32()));
                using (var third = JsonDocument.Parse(await client.GetStringAsync("/collections/shop/adapters/3")))
                {
                    Assert.Equal(("align", "shared", 48), (third.RootElement.GetProperty("kind").GetString(), third.RootElement.GetProperty("targetSpace").GetString(),
                        third.RootElement.GetProperty("pairs").GetInt32()));
                    Assert.Equal(["image", "text"], third.RootElement.GetProperty("sourceSpaces").EnumerateArray().Select(s => s.GetString()));
                }
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/collections/shop/adapters/4")).StatusCode);

                using (var jobs = JsonDocument.Parse(await client.GetStringAsync("/collections/shop/adapters/jobs")))
                {
                    Assert.Equal([3, 2, 1], jobs.RootElement.EnumerateArray().Select(j => j.GetProperty("version").GetInt32()));
                }
                using var cancelled = await client.PostAsync($"/collections/shop/adapters/jobs/{alignJob}/cancel", null);
                Assert.Equal("Completed", JsonDocument.Parse(await cancelled.Content.ReadAsStringAsync()).RootElement.GetProperty("phase").GetString());
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/collections/tiny/adapters/jobs/{alignJob}")).StatusCode);

                await ActivatesTheAlignmentSoTitlesFindPhotoOnlyProductsAsync(client);
            }

            await using (var restarted = await EmbeddedGateway.StartAsync(data))
            {
                var job = JsonDocument.Parse(await restarted.Client.GetStringAsync($"/collections/shop/adapters/jobs/{alignJob}")).RootElement;
                Assert.Equal(("Completed", 3, "align"), (job.GetProperty("phase").GetString(), job.GetProperty("version").GetInt32(), job.GetProperty("kind").GetString()));
                using var list = JsonDocument.Parse(await restarted.Client.GetStringAsync("/collections/shop/adapters"));
                Assert.Equal([1, 2, 3], list.RootElement.GetProperty("adapters").EnumerateArray().Select(a => a.GetProperty("version").GetInt32()));
                Assert.Equal(3, list.RootElement.GetProperty("active").GetInt32());
                await AssertTitlesFindTheirPhotoOnlyProductsAsync(restarted.Client);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// Products arriving with a photo and no title (a test photo of four of the shop's products, never trained on) are out
    /// of reach of text until the alignment is active; then each title finds its product's photo first among them.
    /// </summary>
    private static async Task ActivatesTheAlignmentSoTitlesFindPhotoOnlyProductsAsync(HttpClient client)
    {
        var photoOnly = PhotoOnlyProducts().Select(p => new { id = p.Id, attributes = new { source = "photo-only" }, imagePath = p.TestPhoto }).ToList();
        using (var upserted = await client.PostAsJsonAsync("/collections/shop/products", new { products = photoOnly }))
        {
            Assert.Equal(4, JsonDocument.Parse(await upserted.Content.ReadAsStringAsync()).RootElement.GetProperty("committed").GetInt32());
        }
        var title = PhotoOnlyProducts()[0].Title;
        Assert.DoesNotContain(await HitIdsAsync(client, title, k: 16), id => id.StartsWith("photo-of-", StringComparison.Ordinal));

        await AssertActivationRefusedAsync(client, "9", HttpStatusCode.NotFound);
        await AssertActivationRefusedAsync(client, "latest", HttpStatusCode.BadRequest);
        using (var activated = await client.PostAsync("/collections/shop/adapters/3/activate", null))
        {
            var text = await activated.Content.ReadAsStringAsync();
            Assert.True(activated.StatusCode == HttpStatusCode.OK, text);
            using var list = JsonDocument.Parse(text);
            Assert.Equal((3, true), (list.RootElement.GetProperty("active").GetInt32(), list.RootElement.GetProperty("alignedTextSearchesImage").GetBoolean()));
            Assert.True(list.RootElement.GetProperty("adapters")[2].GetProperty("active").GetBoolean());
        }
        using (var collection = JsonDocument.Parse(await client.GetStringAsync("/collections/shop")))
        {
            Assert.Equal((3, true), (collection.RootElement.GetProperty("activeAdapter").GetInt32(), collection.RootElement.GetProperty("alignedTextSearchesImage").GetBoolean()));
        }
        await AssertTitlesFindTheirPhotoOnlyProductsAsync(client);

        // Raw spaces stay searchable to compare; another version must be activated first.
        Assert.DoesNotContain(await HitIdsAsync(client, title, k: 16, adapter: "\"none\""), id => id.StartsWith("photo-of-", StringComparison.Ordinal));
        using var other = await client.PostAsync("/collections/shop/search", EmbeddedGatewayFixture.Json($$"""{"text": "milk", "adapter": 1}"""));
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Equal("adapter", JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    private static async Task AssertTitlesFindTheirPhotoOnlyProductsAsync(HttpClient client)
    {
        foreach (var product in PhotoOnlyProducts())
        {
            var body = JsonSerializer.Serialize(new { text = product.Title, k = 1, filter = new { must = new[] { new { key = "attributes.source", match = "photo-only" } } } });
            using var response = await client.PostAsync("/collections/shop/search", EmbeddedGatewayFixture.Json(body));
            using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(3, answer.RootElement.GetProperty("adapter").GetInt32());
            Assert.Equal(product.Id, Assert.Single(answer.RootElement.GetProperty("hits").EnumerateArray()).GetProperty("id").GetString());
        }
    }

    private static async Task AssertActivationRefusedAsync(HttpClient client, string version, HttpStatusCode status)
    {
        using var response = await client.PostAsync($"/collections/shop/adapters/{version}/activate", null);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("version", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    private static async Task<List<string>> HitIdsAsync(HttpClient client, string text, int k, string? adapter = null)
    {
        var body = $$"""{"text": {{JsonSerializer.Serialize(text)}}, "k": {{k}}{{(adapter is null ? "" : $", \"adapter\": {adapter}")}}}""";
        using var response = await client.PostAsync("/collections/shop/search", EmbeddedGatewayFixture.Json(body));
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. answer.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()!)];
    }

    /// <summary>The first test photo of the shop's first four products, with the product's title.</summary>
    private static List<(string Id, string Title, string TestPhoto)> PhotoOnlyProducts()
    {
        var labels = ShopProducts().Take(4).Select(rows => rows[0].GetProperty("label").GetInt32()).ToList();
        return [.. GroceryRows()
            .Where(row => row.GetProperty("split").GetString() == "test")
            .GroupBy(row => row.GetProperty("label").GetInt32())
            .Where(group => labels.Contains(group.Key))
            .Select(group => group.First())
            .Select(row => ($"photo-of-{row.GetProperty("label").GetInt32()}", row.GetProperty("title").GetString()!, row.GetProperty("image").GetString()!))];
    }

    /// <summary>Every seventh product of the catalog, twelve of them, with their first four train photos.</summary>
    private static IEnumerable<List<JsonElement>> ShopProducts() =>
        GroceryRows()
            .Where(row => row.GetProperty("split").GetString() == "train")
            .GroupBy(row => row.GetProperty("label").GetInt32())
            .Where((_, index) => index % 7 == 0)
            .Take(12)
            .Select(group => group.Take(4).ToList());

    private static IEnumerable<JsonElement> GroceryRows() =>
        File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "catalog.jsonl")).Select(line => JsonDocument.Parse(line).RootElement);

    /// <summary>Twelve grocery products from across the catalog, four train photos each (by path), their titles and a <c>shelf</c> attribute (the category).</summary>
    private static async Task CreateGroceryCollectionAsync(HttpClient client)
    {
        using (var created = await client.PutAsync("/collections/shop", EmbeddedGatewayFixture.Json("""{"shards": 2, "model": "default"}""")))
        {
            created.EnsureSuccessStatusCode();
        }
        var products = ShopProducts()
            .Select(rows => new
            {
                id = $"p{rows[0].GetProperty("label").GetInt32()}",
                title = rows[0].GetProperty("title").GetString(),
                category = rows[0].GetProperty("category").GetString(),
                attributes = new { shelf = rows[0].GetProperty("category").GetString() },
                imagePaths = rows.Select(r => r.GetProperty("image").GetString()).ToList(),
            })
            .ToList();
        using var upserted = await client.PostAsJsonAsync("/collections/shop/products", new { products });
        var body = await upserted.Content.ReadAsStringAsync();
        Assert.True(upserted.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(12, JsonDocument.Parse(body).RootElement.GetProperty("committed").GetInt32());
    }

    private static async Task RefusesImpossibleRequestsAsync(HttpClient client)
    {
        using (var tiny = await client.PutAsync("/collections/tiny", EmbeddedGatewayFixture.Json("""{"shards": 1, "spaces": {"image": 4}}""")))
        {
            tiny.EnsureSuccessStatusCode();
        }
        using (var upserted = await client.PostAsync("/collections/tiny/products", EmbeddedGatewayFixture.Json(
            """{"products": [{"id": "only", "vectors": {"image": [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]}}]}""")))
        {
            upserted.EnsureSuccessStatusCode();
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/collections/nowhere/adapters", EmbeddedGatewayFixture.Json("""{"kind": "adapt", "label": "product"}"""))).StatusCode);
        await AssertRefusedAsync(client, "shop", """{"kind": "sharpen", "label": "product"}""", "kind", "must be one of adapt, align");
        await AssertRefusedAsync(client, "shop", """{"kind": "adapt", "label": "brand"}""", "label", "'product' or 'attributes.<name>'");
        await AssertRefusedAsync(client, "shop", """{"kind": "adapt", "label": "attributes.colour"}""", "label", "has attribute 'colour'");
        await AssertRefusedAsync(client, "shop", """{"kind": "adapt", "label": "product", "method": "cca"}""", "method", "only for kind align");
        await AssertRefusedAsync(client, "shop", """{"kind": "align", "label": "product", "method": "pls"}""", "method", "cca, ridge");
        await AssertRefusedAsync(client, "shop", """{"kind": "adapt", "label": "product", "seed": "x"}""", "$.seed", "");
        await AssertRefusedAsync(client, "tiny", """{"kind": "adapt", "label": "product"}""", "label", "at least 2 labels with 3 photos each");
        await AssertRefusedAsync(client, "tiny", """{"kind": "align", "label": "product"}""", "kind", "no space 'text'");
        using var jobs = JsonDocument.Parse(await client.GetStringAsync("/collections/shop/adapters/jobs"));
        Assert.Empty(jobs.RootElement.EnumerateArray());
    }

    private static async Task AssertRefusedAsync(HttpClient client, string collection, string body, string field, string message)
    {
        using var response = await client.PostAsync($"/collections/{collection}/adapters", EmbeddedGatewayFixture.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(field, problem.RootElement.GetProperty("field").GetString());
        Assert.Contains(message, problem.RootElement.GetProperty("detail").GetString());
    }

    /// <summary>Starts a training and returns its job id, checking the 202 and its Location.</summary>
    private static async Task<string> TrainAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/collections/shop/adapters", EmbeddedGatewayFixture.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var jobId = JsonDocument.Parse(text).RootElement.GetProperty("jobId").GetString()!;
        Assert.Equal($"/collections/shop/adapters/jobs/{jobId}", response.Headers.Location?.OriginalString);
        return jobId;
    }

    private static Task<JsonElement> WaitUntilFinishedAsync(HttpClient client, string jobId) =>
        Poll.UntilAsync(
            async () => JsonDocument.Parse(await client.GetStringAsync($"/collections/shop/adapters/jobs/{jobId}")).RootElement.Clone(),
            job => job.GetProperty("finished").GetBoolean(),
            JobDeadline,
            job => job.ToString(),
            TimeSpan.FromMilliseconds(250));
}
