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
