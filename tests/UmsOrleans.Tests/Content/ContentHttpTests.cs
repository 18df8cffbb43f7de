using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SixLabors.ImageSharp;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Tests.Support;
using static UmsOrleans.Tests.Content.ContentGatewayFixture;

namespace UmsOrleans.Tests.Content;

/// <summary>Ingestion and search by content through the real program with the default model.</summary>
[Collection(ContentGatewayCollection.Name)]
public sealed class ContentHttpTests(ContentGatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private string Products => $"/collections/{fixture.Collection}/products";

    private string SearchUrl => $"/collections/{fixture.Collection}/search";

    [Fact]
    public void A_batch_commits_photos_by_base64_and_by_path_and_rejects_bad_photos_by_themselves()
    {
        Assert.Equal(HttpStatusCode.OK, fixture.IngestResponse.StatusCode);
        Assert.Equal(6, fixture.IngestBody.GetProperty("committed").GetInt32());
        Assert.Equal(4, fixture.IngestBody.GetProperty("rejected").GetInt32());
        var items = fixture.IngestBody.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(
            new[] { "committed", "committed", "committed", "committed", "committed", "rejected", "rejected", "rejected", "rejected", "committed" },
            items.Select(i => i.GetProperty("status").GetString()));
        Assert.Equal("products[5].image", items[5].GetProperty("error").GetProperty("field").GetString());
        Assert.Contains("base64", items[5].GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("products[6].image", items[6].GetProperty("error").GetProperty("field").GetString());
        Assert.Contains("not recognised", items[6].GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("products[7].imagePath", items[7].GetProperty("error").GetProperty("field").GetString());
        Assert.Equal("products[8].imagePath", items[8].GetProperty("error").GetProperty("field").GetString());
    }

    [Fact]
    public async Task Stored_products_have_both_spaces_a_content_hash_and_a_thumbnail()
    {
        using var product = JsonDocument.Parse(await Client.GetStringAsync($"{Products}/{Arla}"));
        var vectors = product.RootElement.GetProperty("vectors");
        Assert.Equal(512, vectors.GetProperty("image").GetArrayLength());
        Assert.Equal(384, vectors.GetProperty("text").GetArrayLength());

        using var thumbnail = await Client.GetAsync($"{Products}/{Arla}/thumbnail");
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType!.MediaType);
        var jpeg = await thumbnail.Content.ReadAsByteArrayAsync();
        using var image = Image.Load(jpeg, out var format);
        Assert.Equal("JPEG", format.Name);
        Assert.Equal(Thumbnailer.MaxSide, Math.Max(image.Width, image.Height));

        using var none = await Client.GetAsync($"{Products}/{TextOnly}/thumbnail");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("no thumbnail", await none.Content.ReadAsStringAsync());
        using var textOnly = JsonDocument.Parse(await Client.GetStringAsync($"{Products}/{TextOnly}"));
        Assert.Equal("Mild and creamy.", textOnly.RootElement.GetProperty("attributes").GetProperty("description").GetString());
        Assert.False(textOnly.RootElement.GetProperty("vectors").TryGetProperty("image", out _));
    }

    [Fact]
    public async Task A_multipart_upload_ingests_one_product_with_its_photo()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Lemon), "id" },
            { new StringContent("Lemon"), "title" },
            { new StringContent("Citrus"), "category" },
            { new StringContent("""{"split": "train"}"""), "attributes" },
            { Photo(Lemon), "image", "lemon.jpg" },
        };
        using var response = await Client.PostAsync(Products, form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(1, JsonDocument.Parse(body).RootElement.GetProperty("committed").GetInt32());

        using var product = JsonDocument.Parse(await Client.GetStringAsync($"{Products}/{Lemon}"));
        Assert.Equal("train", product.RootElement.GetProperty("attributes").GetProperty("split").GetString());
        Assert.Equal(512, product.RootElement.GetProperty("vectors").GetProperty("image").GetArrayLength());
        using var thumbnail = await Client.GetAsync($"{Products}/{Lemon}/thumbnail");
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);

        using var bad = new MultipartFormDataContent
        {
            { new StringContent("bad-upload"), "id" },
            { new ByteArrayContent("GIF89a but not really"u8.ToArray()), "image", "x.gif" },
        };
        using var rejected = await Client.PostAsync(Products, bad);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal("image", JsonDocument.Parse(await rejected.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_photo_finds_its_own_product_first()
    {
        var hits = await SearchAsync(new { image = Convert.ToBase64String(File.ReadAllBytes(GroceryLines.ImagePath(Banana))), k = 3 });
        Assert.Equal(Banana, hits[0].Id);
        Assert.Equal(1.0, hits[0].Score, 3);

        using var form = new MultipartFormDataContent { { Photo(Carrots), "image", "carrots.jpg" }, { new StringContent("3"), "k" } };
        using var response = await Client.PostAsync(SearchUrl, form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(Carrots, JsonDocument.Parse(body).RootElement.GetProperty("hits")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Text_finds_the_product_it_names_and_weights_choose_between_text_and_photo()
    {
        var byText = await SearchAsync(new { text = "oat milk", k = 3 });
        Assert.Equal(Oatly, byText[0].Id);

        var photo = Convert.ToBase64String(File.ReadAllBytes(GroceryLines.ImagePath(Banana)));
        var photoHeavy = await SearchAsync(new { text = "oat milk", image = photo, weights = new { image = 1, text = 0.01 }, k = 3 });
        var textHeavy = await SearchAsync(new { text = "oat milk", image = photo, weights = new { image = 0.01, text = 1 }, k = 3 });
        Assert.Equal(Banana, photoHeavy[0].Id);
        Assert.Equal(Oatly, textHeavy[0].Id);
    }

    [Fact]
    public async Task Content_queries_that_cannot_be_encoded_name_the_field()
    {
        using (var badImage = await Client.PostAsJsonAsync(SearchUrl, new { image = Convert.ToBase64String("plain text"u8.ToArray()) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badImage.StatusCode);
            Assert.Equal("image", await FieldOf(badImage));
        }
        var plain = $"plain-{Guid.NewGuid():N}";
        using (await Client.PutAsync($"/collections/{plain}", EmbeddedGatewayFixture.Json("""{"shards": 1, "spaces": {"text": 3}}"""))) { }
        using var noModel = await Client.PostAsJsonAsync($"/collections/{plain}/search", new { text = "oat milk" });
        Assert.Equal(HttpStatusCode.BadRequest, noModel.StatusCode);
        Assert.Equal("text", await FieldOf(noModel));
        Assert.Contains("has no model", await noModel.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_collection_takes_its_spaces_from_the_model_and_a_bad_model_is_refused()
    {
        using (var described = JsonDocument.Parse(await Client.GetStringAsync($"/collections/{fixture.Collection}")))
        {
            Assert.Equal("default", described.RootElement.GetProperty("model").GetString());
            Assert.Equal(512, described.RootElement.GetProperty("spaces").GetProperty("image").GetInt32());
            Assert.Equal(384, described.RootElement.GetProperty("spaces").GetProperty("text").GetInt32());
        }
        using (var again = await Client.PutAsync($"/collections/{fixture.Collection}", EmbeddedGatewayFixture.Json("""{"shards": 2, "model": "default"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        foreach (var body in new[] { """{"shards": 1, "model": "no-such-model"}""", """{"shards": 1, "model": "/tmp/none/manifest.json"}""", """{"shards": 1, "model": "default", "spaces": {"text": 3}}""" })
        {
            using var refused = await Client.PutAsync($"/collections/m-{Guid.NewGuid():N}", EmbeddedGatewayFixture.Json(body));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("model", await FieldOf(refused));
        }
    }

    private static ByteArrayContent Photo(string id)
    {
        var content = new ByteArrayContent(File.ReadAllBytes(GroceryLines.ImagePath(id)));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return content;
    }

    private async Task<List<(string Id, double Score)>> SearchAsync(object request)
    {
        using var response = await Client.PostAsJsonAsync(SearchUrl, request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("hits").EnumerateArray().Select(h => (h.GetProperty("id").GetString()!, h.GetProperty("score").GetDouble()))];
    }

    private static async Task<string?> FieldOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString();
}
