using Microsoft.Playwright;
using UmsOrleans.Tests.Content;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Console;

/// <summary>
/// The console as a person uses it, in headless Chromium against the real program: a grocery collection
/// made with the default model, searched by text and by photo; a bad upload; a click on a result.
/// Screenshots are kept in TestResults/screenshots.
/// </summary>
[Collection(ContentGatewayCollection.Name)]
public sealed class ConsoleSearchTests(ContentGatewayFixture content, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>Three shelf photos of each of four products (the fourth photo of each is a query, never ingested).</summary>
    private static readonly string[] Products = ["Banana", "Oatly-Oat-Milk", "Tropicana-Apple-Juice", "Carrots"];

    private static readonly SemaphoreSlim ShelfLock = new(1, 1);
    private static string? s_shelf;

    private static Dictionary<string, List<string>> TestPhotos() =>
        File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "Ebay_test.txt")).Skip(1)
            .Select(line => line.Split(' ')[3])
            .GroupBy(path => path.Split('/')[^2])
            .ToDictionary(g => g.Key, g => g.ToList());

    private async Task<string> ShelfAsync()
    {
        await ShelfLock.WaitAsync();
        try
        {
            if (s_shelf is not null) return s_shelf;
            var name = $"shelf-{Guid.NewGuid():N}";
            (await content.Client.PutAsync($"/collections/{name}", EmbeddedGatewayFixture.Json("""{"shards": 2, "model": "default"}"""))).EnsureSuccessStatusCode();
            var photos = TestPhotos();
            var products = Products.SelectMany(p => photos[p].Take(3).Select((path, i) => new
            {
                id = $"{p}-{i + 1}",
                title = p.Replace('-', ' '),
                category = p,
                imagePath = path,
            }));
            using var response = await content.Client.PostAsync($"/collections/{name}/products",
                EmbeddedGatewayFixture.Json(System.Text.Json.JsonSerializer.Serialize(new { products })));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return s_shelf = name;
        }
        finally
        {
            ShelfLock.Release();
        }
    }

    private async Task<IPage> OpenAsync(string? collection = null)
    {
        collection ??= content.Collection;
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(180_000); // encoding a photo on this busy 2-core CPU can take a while
        await page.GotoAsync(new Uri(content.Client.BaseAddress!, "/console/").ToString());
        await Assertions.Expect(page.Locator("#collection option", new() { HasTextString = collection })).ToHaveCountAsync(1);
        await page.Locator("#collection").SelectOptionAsync(collection);
        await page.Locator("#k").FillAsync("5");
        return page;
    }

    private static ILocator FirstResult(IPage page) => page.Locator("#results .card").First;

    [Fact]
    public async Task A_text_search_shows_the_matching_product_first_with_its_thumbnail()
    {
        var page = await OpenAsync();
        await page.Locator("#text").FillAsync("oat milk");
        await page.Locator("#search-button").ClickAsync();

        await Assertions.Expect(FirstResult(page)).ToHaveAttributeAsync("data-id", ContentGatewayFixture.Oatly);
        await Assertions.Expect(FirstResult(page).Locator(".title")).ToHaveTextAsync("Oatly Oat Milk");
        var thumbnail = FirstResult(page).Locator("img");
        await Assertions.Expect(thumbnail).ToBeVisibleAsync();
        Assert.True(await thumbnail.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") > 0, "the thumbnail did not load");
        await Assertions.Expect(page.Locator("#search-meta")).ToContainTextAsync("results in");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "search-text.png"), FullPage = true });
    }

    [Fact]
    public async Task A_photo_search_shows_the_same_product_first_and_more_like_a_result_recommends_from_it()
    {
        var page = await OpenAsync(await ShelfAsync());
        // A shelf photo of the juice that was not ingested.
        await page.Locator("#photo").SetInputFilesAsync(Path.Combine(TestPaths.GroceryDataset, TestPhotos()["Tropicana-Apple-Juice"][3]));
        await page.Locator("#search-button").ClickAsync();

        await Assertions.Expect(FirstResult(page).Locator(".title")).ToHaveTextAsync("Tropicana Apple Juice");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "search-photo.png"), FullPage = true });

        var second = page.Locator("#results .card").Nth(1);
        var secondId = await second.GetAttributeAsync("data-id");
        await second.ClickAsync();
        await Assertions.Expect(page.Locator("#product-id")).ToHaveTextAsync(secondId!);
        await page.Locator("#more-like").ClickAsync();
        await Assertions.Expect(page.Locator("#search-meta")).ToContainTextAsync($"similar to {secondId}");
        await Assertions.Expect(page.Locator("#chips .chip")).ToHaveTextAsync([$"like {secondId} ×"]);
        await Assertions.Expect(page.Locator("#results .card")).Not.ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_bad_upload_shows_a_readable_error()
    {
        var page = await OpenAsync();
        await page.Locator("#photo").SetInputFilesAsync(new FilePayload { Name = "holiday.jpg", MimeType = "image/jpeg", Buffer = "this is not a photo"u8.ToArray() });
        await page.Locator("#search-button").ClickAsync();

        var error = page.Locator("#error");
        await Assertions.Expect(error).ToBeVisibleAsync();
        await Assertions.Expect(error).ToContainTextAsync("image");
        await Assertions.Expect(error).Not.ToContainTextAsync("{");
        await Assertions.Expect(page.Locator("#results .card")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "bad-upload.png"), FullPage = true });
    }
}
