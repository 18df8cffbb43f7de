using System.Net;
using System.Text.Json;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Reliability;

/// <summary>
/// The catalog store is not a dataset: the default ingest data root is a folder of its own, so the store's
/// files cannot be named as a catalog; and a line that is not JSON is quoted only as a short, escaped prefix.
/// </summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class IngestDataRootTests(EmbeddedGatewayFixture fixture)
{
    [Theory]
    [InlineData("catalog.db")]
    [InlineData("catalog.db-wal")]
    [InlineData("../catalog.db")]
    public async Task The_catalog_store_cannot_be_ingested_as_a_catalog(string catalog)
    {
        var name = $"store-{Guid.NewGuid():N}";
        (await fixture.Client.PutAsync($"/collections/{name}", EmbeddedGatewayFixture.Json("""{"shards": 1, "model": "default"}"""))).EnsureSuccessStatusCode();

        using var response = await fixture.Client.PostAsync($"/collections/{name}/ingest", EmbeddedGatewayFixture.Json(JsonSerializer.Serialize(new { catalog })));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("catalog", JsonDocument.Parse(body).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public void A_binary_line_is_described_by_a_short_escaped_prefix_only()
    {
        var binary = "SQLite format 3\0\u0010\u0000\u0002\u0002@  \u0000\u0000\u0000\u0003secret-bytes-follow-here and more of them";

        var (line, error) = CatalogLine.Parse(1, binary);

        Assert.Null(line);
        Assert.StartsWith("not valid JSON", error);
        Assert.Contains("\"SQLite format 3\\u0000", error);
        Assert.DoesNotContain("secret", error);
        Assert.DoesNotContain('\0', error!);
        Assert.All(error!, c => Assert.InRange(c, ' ', '~'));
    }
}
