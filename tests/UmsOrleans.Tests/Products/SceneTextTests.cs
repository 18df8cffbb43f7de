using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Ocr;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Products;

/// <summary>
/// A collection that reads scene text: the text in each photo is read (PP-OCRv4 on the silo), kept with the product
/// per photo, shown by GET and found by keyword search; photos added or removed bring or take their lines.
/// </summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class SceneTextTests(EmbeddedGatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [NpmFact]
    public async Task The_text_in_photos_is_stored_shown_and_searched_by_keyword()
    {
        var name = $"scene-{Guid.NewGuid():N}"[..20];
        using (var created = await Client.PutAsync($"/collections/{name}", EmbeddedGatewayFixture.Json("""{"shards": 2, "model": "default", "sceneText": true}""")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using var upsert = await Client.PostAsync($"/collections/{name}/products", EmbeddedGatewayFixture.Json($$"""
            {"products": [{"id": "carton", "title": "Dairy", "image": {{Photo("milk.png")}}}, {"id": "plain", "title": "Dairy"}]}
            """));
        Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);

        Assert.Contains("organic", Lines(await ProductAsync(name, "carton")).ToLowerInvariant());
        Assert.Equal(["carton"], await KeywordAsync(name, "organic farms"));

        using var added = await Client.PostAsync($"/collections/{name}/products/carton/photos", EmbeddedGatewayFixture.Json($$"""{"image": {{Photo("juice.png")}}}"""));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(["carton"], await KeywordAsync(name, "orange juice"));
        using var removed = await Client.DeleteAsync($"/collections/{name}/products/carton/photos/0");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Empty(await KeywordAsync(name, "organic farms"));
        Assert.Contains("juice", Lines(await ProductAsync(name, "carton")).ToLowerInvariant());
    }

    [NpmFact]
    public async Task A_photo_without_text_is_searched_by_keyword_with_the_words_read_from_it()
    {
        var name = $"scene-{Guid.NewGuid():N}"[..20];
        using (var created = await Client.PutAsync($"/collections/{name}", EmbeddedGatewayFixture.Json("""{"shards": 2, "model": "default", "sceneText": true}""")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        // Titles only: the shelf photo below reaches them through the brand printed on it.
        using var upsert = await Client.PostAsync($"/collections/{name}/products", EmbeddedGatewayFixture.Json(
            """{"products": [{"id": "tropicana", "title": "Tropicana apple juice"}, {"id": "alpro", "title": "Alpro soya drink"}, {"id": "arla", "title": "Arla standard milk"}]}"""));
        Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
        var carton = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(TestPaths.GroceryDataset, "images/iconic/Packages/Juice/Tropicana-Apple-Juice/Tropicana-Apple-Juice_Iconic.jpg")));

        foreach (var mode in new[] { "keyword", "hybrid" })
        {
            using var response = await Client.PostAsync($"/collections/{name}/search", EmbeddedGatewayFixture.Json($$"""{"image": "{{carton}}", "mode": "{{mode}}", "k": 3}"""));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            using var answer = JsonDocument.Parse(text);
            Assert.Contains("tropicana", string.Join(' ', answer.RootElement.GetProperty("readText").EnumerateArray().Select(l => l.GetString())).ToLowerInvariant());
            Assert.Equal("tropicana", answer.RootElement.GetProperty("hits")[0].GetProperty("id").GetString());
        }

        // Given words win over the photo's, and a vector search does not read the photo.
        using (var given = await Client.PostAsync($"/collections/{name}/search", EmbeddedGatewayFixture.Json($$"""{"image": "{{carton}}", "text": "soya", "mode": "keyword", "k": 3}""")))
        {
            using var answer = JsonDocument.Parse(await given.Content.ReadAsStringAsync());
            Assert.False(answer.RootElement.TryGetProperty("readText", out _));
            Assert.Equal("alpro", answer.RootElement.GetProperty("hits")[0].GetProperty("id").GetString());
        }
        using var vector = await Client.PostAsync($"/collections/{name}/search", EmbeddedGatewayFixture.Json($$"""{"image": "{{carton}}", "k": 3}"""));
        Assert.False(JsonDocument.Parse(await vector.Content.ReadAsStringAsync()).RootElement.TryGetProperty("readText", out _));
    }

    [Fact]
    public async Task Scene_text_without_a_model_is_refused_naming_the_field()
    {
        using var response = await Client.PutAsync("/collections/scene-no-model", EmbeddedGatewayFixture.Json("""{"shards": 1, "spaces": {"image": 4}, "sceneText": true}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("sceneText", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    private static string Photo(string fixture) => $"\"{Convert.ToBase64String(File.ReadAllBytes(Path.Combine(RenderedText.FixtureDirectory, fixture)))}\"";

    private static string Lines(JsonElement product) =>
        string.Join(" | ", product.GetProperty("sceneText").EnumerateArray().SelectMany(photo => photo.EnumerateArray()).Select(l => l.GetString()));

    private async Task<JsonElement> ProductAsync(string name, string id) =>
        JsonDocument.Parse(await Client.GetStringAsync($"/collections/{name}/products/{id}")).RootElement.Clone();

    private async Task<List<string>> KeywordAsync(string name, string words)
    {
        using var response = await Client.PostAsync($"/collections/{name}/search", EmbeddedGatewayFixture.Json($$"""{"text": "{{words}}", "mode": "keyword", "k": 5}"""));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()!)];
    }
}
