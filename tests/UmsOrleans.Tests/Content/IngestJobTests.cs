using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Content;

/// <summary>Catalog ingestion as a background job of the gateway: started over HTTP, followed in the API and the console.</summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class IngestJobTests(EmbeddedGatewayFixture gateway, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private HttpClient Client => gateway.Client;

    private static readonly string[] Photos =
    [
        "images/test/Fruit/Banana/Banana_001.jpg",
        "images/test/Fruit/Apple/Granny-Smith/Granny-Smith_001.jpg",
        "images/test/Packages/Oat-Milk/Oatly-Oat-Milk/Oatly-Oat-Milk_001.jpg",
        "images/test/Fruit/Lemon/Lemon_001.jpg",
    ];

    [Fact]
    public async Task A_catalog_under_the_data_root_is_ingested_in_the_background_with_progress_and_failures_listed()
    {
        var folder = $"ingest-{Guid.NewGuid():N}";
        var directory = Directory.CreateDirectory(Path.Combine(gateway.DatasetsDirectory, folder)).FullName;
        var lines = new List<string>();
        foreach (var (photo, i) in Photos.Select((p, i) => (p, i)))
        {
            File.Copy(Path.Combine(TestPaths.GroceryDataset, photo), Path.Combine(directory, Path.GetFileName(photo)));
            lines.Add(JsonSerializer.Serialize(new { id = $"p{i}", image = Path.GetFileName(photo), title = Path.GetFileNameWithoutExtension(photo) }));
        }
        lines.Add("{not json");
        lines.Add(JsonSerializer.Serialize(new { id = "escape", image = "../../../../etc/hostname", title = "outside" }));
        File.WriteAllLines(Path.Combine(directory, "catalog.jsonl"), lines);
        var name = $"jobs-{Guid.NewGuid():N}";
        (await Client.PutAsync($"/collections/{name}", EmbeddedGatewayFixture.Json("""{"shards": 2, "model": "default"}"""))).EnsureSuccessStatusCode();

        using var start = await Client.PostAsync($"/collections/{name}/ingest", EmbeddedGatewayFixture.Json($$"""{"catalog": "{{folder}}/catalog.jsonl"}"""));
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, await start.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        JsonElement job;
        var deadline = DateTime.UtcNow.AddMinutes(5);
        do
        {
            await Task.Delay(250);
            job = JsonDocument.Parse(await Client.GetStringAsync($"/ingestions/{id}")).RootElement;
            Assert.True(DateTime.UtcNow < deadline, job.ToString());
        }
        while (!job.GetProperty("finished").GetBoolean());

        Assert.Equal("Completed", job.GetProperty("phase").GetString());
        Assert.Equal(4, job.GetProperty("ingested").GetInt32());
        Assert.Equal(2, job.GetProperty("failed").GetInt32());
        var failures = job.GetProperty("failures").EnumerateArray().ToList();
        Assert.Contains(failures, f => f.GetProperty("id").GetString() == "escape" && f.GetProperty("reason").GetString()!.Contains(".."));
        using (var collection = JsonDocument.Parse(await Client.GetStringAsync($"/collections/{name}")))
        {
            Assert.Equal(4, collection.RootElement.GetProperty("products").GetInt64());
        }

        var page = await browser.Browser.NewPageAsync();
        await page.GotoAsync(new Uri(Client.BaseAddress!, "/console/").ToString());
        await page.Locator("#tab-catalog").ClickAsync();
        await Assertions.Expect(page.Locator("#ingestions .run", new() { HasTextString = name })).ToContainTextAsync("Completed");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "catalog-ingestion.png"), FullPage = true });
    }

    [Theory]
    [InlineData("""{"catalog": "../../etc/passwd"}""", "catalog")]
    [InlineData("""{"catalog": "/etc/passwd"}""", "catalog")]
    [InlineData("""{"catalog": "no-such.jsonl"}""", "catalog")]
    public async Task A_catalog_outside_the_data_root_or_missing_is_a_400(string body, string field)
    {
        var name = $"jobs-bad-{Guid.NewGuid():N}";
        (await Client.PutAsync($"/collections/{name}", EmbeddedGatewayFixture.Json("""{"shards": 1, "model": "default"}"""))).EnsureSuccessStatusCode();
        using var response = await Client.PostAsync($"/collections/{name}/ingest", EmbeddedGatewayFixture.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_unknown_job_is_a_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/ingestions/ingest-19990101-000000-0000")).StatusCode);
    }
}
