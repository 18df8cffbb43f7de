using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Content;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Products;

/// <summary>
/// A product with several real photos on the default model: every photo encoded and kept with its thumbnail, the
/// photo that matched named in the hit, photos added and removed one at a time, the limit enforced, and all of it —
/// photos, typed attributes, the keyword index — there again after a restart.
/// </summary>
public sealed class ProductPhotosTests
{
    private static readonly string[] Oatly = ["train_Oatly-Oat-Milk_001", "train_Oatly-Oat-Milk_002", "train_Oatly-Oat-Milk_003"];
    private const string Banana = "train_Banana_001";
    private const string Tomato = "train_Regular-Tomato_001";

    [Fact]
    public async Task Photos_are_encoded_matched_added_removed_limited_and_kept_through_a_restart()
    {
        var data = TestPaths.NewTempDirectory("photos");
        try
        {
            await using (var gateway = await EmbeddedGateway.StartAsync(data, "--Ums:Limits:MaxPhotosPerProduct=4"))
            {
                var client = gateway.Client;
                Assert.Equal(HttpStatusCode.Created, (await client.PutAsync("/collections/shop", EmbeddedGatewayFixture.Json("""{"shards": 2, "model": "default"}"""))).StatusCode);
                var oatly = $$"""{"id": "oatly", "title": "Oat milk", "category": "Oat-Milk", "attributes": {"brand": "Oatly", "litres": 1, "vegan": true}, "images": [{{string.Join(", ", Oatly.Select(Photo))}}]}""";
                var banana = $$"""{"id": "banana", "title": "Banana", "category": "Fruit", "attributes": {"brand": "Chiquita"}, "image": {{Photo(Banana)}}}""";
                var tooMany = $$"""{"id": "too-many", "images": [{{string.Join(", ", Enumerable.Repeat(Photo(Banana), 5))}}]}""";
                using var upsert = await client.PostAsync("/collections/shop/products", EmbeddedGatewayFixture.Json($$"""{"products": [{{oatly}}, {{banana}}, {{tooMany}}]}"""));
                using var upserted = JsonDocument.Parse(await upsert.Content.ReadAsStringAsync());
                Assert.Equal(2, upserted.RootElement.GetProperty("committed").GetInt32());
                Assert.Equal("products[2].images", upserted.RootElement.GetProperty("items")[2].GetProperty("error").GetProperty("field").GetString());

                using (var product = JsonDocument.Parse(await client.GetStringAsync("/collections/shop/products/oatly")))
                {
                    Assert.Equal(3, product.RootElement.GetProperty("photos").GetInt32());
                    Assert.Equal(2, product.RootElement.GetProperty("moreVectors").GetProperty("image").GetArrayLength());
                    Assert.True(product.RootElement.GetProperty("attributes").GetProperty("vegan").GetBoolean());
                }
                for (var photo = 0; photo < 3; photo++)
                {
                    using var thumbnail = await client.GetAsync($"/collections/shop/products/oatly/photos/{photo}/thumbnail");
                    Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType?.MediaType);
                }
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/collections/shop/products/oatly/photos/3/thumbnail")).StatusCode);

                for (var photo = 0; photo < 3; photo++)
                {
                    var hit = (await HitsAsync(client, $$"""{"image": {{Photo(Oatly[photo])}}, "k": 2}"""))[0];
                    Assert.Equal("oatly", hit.GetProperty("id").GetString());
                    Assert.Equal(photo, hit.GetProperty("matchedPhoto").GetInt32());
                }

                using var added = await client.PostAsync("/collections/shop/products/oatly/photos", EmbeddedGatewayFixture.Json($$"""{"image": {{Photo(Tomato)}}}"""));
                Assert.Equal(4, JsonDocument.Parse(await added.Content.ReadAsStringAsync()).RootElement.GetProperty("photos").GetInt32());
                var tomatoHit = (await HitsAsync(client, $$"""{"image": {{Photo(Tomato)}}, "k": 1}"""))[0];
                Assert.Equal(("oatly", 3), (tomatoHit.GetProperty("id").GetString(), tomatoHit.GetProperty("matchedPhoto").GetInt32()));
                using var fifth = await client.PostAsync("/collections/shop/products/oatly/photos", EmbeddedGatewayFixture.Json($$"""{"image": {{Photo(Banana)}}}"""));
                Assert.Equal(HttpStatusCode.BadRequest, fifth.StatusCode);
                Assert.Equal("images", JsonDocument.Parse(await fifth.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());

                using var removed = await client.DeleteAsync("/collections/shop/products/oatly/photos/0");
                Assert.Equal(3, JsonDocument.Parse(await removed.Content.ReadAsStringAsync()).RootElement.GetProperty("photos").GetInt32());
                Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/collections/shop/products/oatly/photos/7")).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/collections/shop/products/nobody/photos/0")).StatusCode);
            }

            await using (var restarted = await EmbeddedGateway.StartAsync(data))
            {
                var client = restarted.Client;
                using var product = JsonDocument.Parse(await client.GetStringAsync("/collections/shop/products/oatly"));
                Assert.Equal(3, product.RootElement.GetProperty("photos").GetInt32());
                using var collection = JsonDocument.Parse(await client.GetStringAsync("/collections/shop"));
                var shards = collection.RootElement.GetProperty("perShard").EnumerateArray().ToList();
                Assert.Equal(4, shards.Sum(s => s.GetProperty("vectors").GetProperty("image").GetInt32())); // 3 photos of oatly, 1 of banana
                Assert.Equal(2, shards.Sum(s => s.GetProperty("productsWith").GetProperty("image").GetInt32()));
                var tomatoHit = (await HitsAsync(client, $$"""{"image": {{Photo(Tomato)}}, "k": 1}"""))[0];
                Assert.Equal(("oatly", 2), (tomatoHit.GetProperty("id").GetString(), tomatoHit.GetProperty("matchedPhoto").GetInt32())); // photo 0 was removed
                var filtered = await HitsAsync(client, """{"text": "chiquita", "mode": "keyword", "k": 5, "filter": {"must": [{"key": "attributes.brand", "match": "Chiquita"}]}}""");
                Assert.Equal("banana", Assert.Single(filtered).GetProperty("id").GetString());
                var vegan = await HitsAsync(client, """{"text": "milk", "k": 5, "filter": {"must": [{"key": "attributes.vegan", "match": true}, {"key": "attributes.litres", "range": {"gte": 1}}]}}""");
                Assert.Equal("oatly", Assert.Single(vegan).GetProperty("id").GetString());
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static string Photo(string id) => $"\"{Convert.ToBase64String(File.ReadAllBytes(GroceryLines.ImagePath(id)))}\"";

    private static async Task<List<JsonElement>> HitsAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/collections/shop/search", EmbeddedGatewayFixture.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var document = JsonDocument.Parse(text);
        return [.. document.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.Clone())];
    }
}
