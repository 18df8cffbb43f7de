using System.Net;
using System.Text.Json;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Reliability;

/// <summary>
/// Every id a write accepts can be read, looked up for its thumbnail and deleted by id (one percent-encoded
/// path segment); the ids no URL can address ('/', control characters, '.', '..') are refused at write.
/// </summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class ProductIdAddressingTests(EmbeddedGatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    public static TheoryData<string> AcceptedIds() =>
    [
        "plain-ASCII_id.42",
        "with spaces  inside ",
        "unicode ÄÖü 日本語 🍌",
        "100% off %2F %41",
        "a+b+c",
        "what?x=1&y=2",
        "#hash#tag",
        "back\\slash",
        "...",
        ".hidden",
        new string('x', CatalogLine.MaxIdLength),
    ];

    public static TheoryData<string, string> RefusedIds() => new()
    {
        { "a/b", "slash" },
        { "/", "only a slash" },
        { "a\0b", "NUL" },
        { "tab\there", "control character" },
        { ".", "dot" },
        { "..", "dot dot" },
        { new string('x', CatalogLine.MaxIdLength + 1), "too long" },
    };

    [Theory]
    [MemberData(nameof(AcceptedIds))]
    public async Task An_accepted_id_round_trips_through_its_own_url(string id)
    {
        var name = await fixture.CreateCollectionAsync("ids", shards: 2);
        var url = $"/collections/{name}/products/{Uri.EscapeDataString(id)}";

        using var write = await Client.PostAsync($"/collections/{name}/products", EmbeddedGatewayFixture.Json(Product(id)));
        Assert.True(write.IsSuccessStatusCode, await write.Content.ReadAsStringAsync());

        using (var read = await Client.GetAsync(url))
        {
            var body = await read.Content.ReadAsStringAsync();
            Assert.True(read.StatusCode == HttpStatusCode.OK, body);
            Assert.Equal(id, JsonDocument.Parse(body).RootElement.GetProperty("id").GetString());
        }
        using (var thumbnail = await Client.GetAsync($"{url}/thumbnail"))
        {
            // Stored without a photo: the product is found, and said to have no thumbnail.
            var body = await thumbnail.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.NotFound, thumbnail.StatusCode);
            Assert.Contains("has no thumbnail", body);
        }
        using (var delete = await Client.DeleteAsync(url))
        {
            Assert.True(delete.StatusCode == HttpStatusCode.NoContent, await delete.Content.ReadAsStringAsync());
        }
        using var gone = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(0, await ProductCountAsync(name));
    }

    [Theory]
    [MemberData(nameof(RefusedIds))]
    public async Task An_unaddressable_id_is_refused_naming_the_rule_and_nothing_is_written(string id, string why)
    {
        var name = await fixture.CreateCollectionAsync("ids", shards: 2);

        using var write = await Client.PostAsync($"/collections/{name}/products", EmbeddedGatewayFixture.Json(Product(id)));

        var body = await write.Content.ReadAsStringAsync();
        Assert.True(write.StatusCode == HttpStatusCode.BadRequest, $"{why}: {write.StatusCode} {body}");
        using var problem = JsonDocument.Parse(body);
        Assert.Equal("products[0].id", problem.RootElement.GetProperty("field").GetString());
        Assert.Contains("'/'", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(0, await ProductCountAsync(name));
    }

    [Theory]
    [MemberData(nameof(RefusedIds))]
    public void A_catalog_line_with_an_unaddressable_id_is_refused(string id, string why)
    {
        var (line, error) = CatalogLine.Parse(1, JsonSerializer.Serialize(new { id, title = why }));

        Assert.Null(line);
        Assert.Contains("'id'", error);
    }

    private static string Product(string id) => JsonSerializer.Serialize(new
    {
        products = new[] { new { id, title = "t", vectors = new Dictionary<string, float[]> { ["image"] = [1, 0, 0, 0] } } },
    });

    private async Task<long> ProductCountAsync(string name)
    {
        using var collection = JsonDocument.Parse(await Client.GetStringAsync($"/collections/{name}"));
        return collection.RootElement.GetProperty("products").GetInt64();
    }
}
