using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using UmsOrleans.Tests.Content;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Console;

/// <summary>
/// Products as the unit, against the real program and the default model: a small shop whose products have several
/// shelf photos and typed attributes (one "breakfast box" shows a banana, carrots and a juice carton). Results are one
/// card per product with the photo that matched, facets narrow them, a linked search reloads the same, and the
/// product panel shows every photo.
/// </summary>
[Collection(ContentGatewayCollection.Name)]
public sealed class ConsoleProductTests(ContentGatewayFixture content, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Box = "breakfast-box";

    private static readonly SemaphoreSlim ShopLock = new(1, 1);
    private static string? s_shop;

    private static string[] Photos(string grocery, params int[] numbers) => [.. numbers.Select(n => GroceryLines.Field($"train_{grocery}_{n:000}", "image"))];

    private async Task<string> ShopAsync()
    {
        await ShopLock.WaitAsync();
        try
        {
            if (s_shop is not null) return s_shop;
            var name = $"shop-{Guid.NewGuid():N}";
            (await content.Client.PutAsync($"/collections/{name}", EmbeddedGatewayFixture.Json("""{"shards": 2, "model": "default"}"""))).EnsureSuccessStatusCode();
            object[] products =
            [
                new
                {
                    id = "tropicana", title = "Tropicana Apple Juice", category = "Juice", description = "Pressed apples, not from concentrate.",
                    attributes = new Dictionary<string, object> { ["brand"] = "Tropicana", ["price"] = 2.49, ["organic"] = false, ["tags"] = new[] { "apple", "juice" } },
                    imagePaths = Photos("Tropicana-Apple-Juice", 1, 2, 3),
                },
                new
                {
                    id = "bravo", title = "Bravo Apple Juice", category = "Juice",
                    attributes = new Dictionary<string, object> { ["brand"] = "Bravo", ["price"] = 1.99, ["organic"] = false },
                    imagePaths = Photos("Bravo-Apple-Juice", 1, 2),
                },
                new
                {
                    id = "oatly", title = "Oatly Oat Milk", category = "Oat-Milk",
                    attributes = new Dictionary<string, object> { ["brand"] = "Oatly", ["price"] = 1.79, ["organic"] = true },
                    imagePaths = Photos("Oatly-Oat-Milk", 1, 2, 3),
                },
                new
                {
                    id = "arla", title = "Arla Standard Milk", category = "Milk",
                    attributes = new Dictionary<string, object> { ["brand"] = "Arla", ["price"] = 1.19, ["organic"] = false },
                    imagePaths = Photos("Arla-Standard-Milk", 1, 2),
                },
                new
                {
                    id = Box, title = "Breakfast box", category = "Box", description = "A banana, carrots and a carton of apple juice.",
                    attributes = new Dictionary<string, object> { ["brand"] = "Shop", ["price"] = 4.5, ["organic"] = true, ["tags"] = new[] { "banana", "carrots", "juice" } },
                    imagePaths = Photos("Banana", 1).Concat(Photos("Carrots", 1)).Concat(Photos("Tropicana-Apple-Juice", 4)).ToArray(),
                },
            ];
            using var response = await content.Client.PostAsJsonAsync($"/collections/{name}/products", new { products });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode && System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("committed").GetInt32() == products.Length, body);
            return s_shop = name;
        }
        finally
        {
            ShopLock.Release();
        }
    }

    private async Task<IPage> OpenAsync(string shop, int k)
    {
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(180_000); // encoding a photo on this busy 2-core CPU can take a while
        await page.GotoAsync(new Uri(content.Client.BaseAddress!, "/console/").ToString());
        await Assertions.Expect(page.Locator("#collection option", new() { HasTextString = shop })).ToHaveCountAsync(1);
        await page.Locator("#collection").SelectOptionAsync(shop);
        await page.Locator("#k").FillAsync(k.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return page;
    }

    private static ILocator Cards(IPage page) => page.Locator("#results .card");

    private static Task<string[]> IdsAsync(IPage page) => Cards(page).EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.id)");

    private static string QueryPhoto(string grocery) =>
        Path.Combine(TestPaths.GroceryDataset, File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "Ebay_test.txt")).Skip(1)
            .Select(line => line.Split(' ')[3]).First(path => path.Split('/')[^2] == grocery));

    [Fact]
    public async Task A_photo_search_shows_one_card_per_product_with_the_photo_that_matched()
    {
        var shop = await ShopAsync();
        var page = await OpenAsync(shop, k: 5);
        // A shelf photo of the juice that was not ingested: the box matches by its third photo, the carton.
        await page.Locator("#photo").SetInputFilesAsync(QueryPhoto("Tropicana-Apple-Juice"));
        await page.Locator("#search-button").ClickAsync();

        await Assertions.Expect(Cards(page)).ToHaveCountAsync(5);
        var ids = await IdsAsync(page);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        // The two products with a photo of this juice come first (the box's carton photo may beat the juice's own).
        Assert.Equal(new[] { Box, "tropicana" }, ids.Take(2).Order());
        var box = page.Locator($"#results .card[data-id='{Box}']");
        await Assertions.Expect(box).ToHaveAttributeAsync("data-matched-photo", "2");
        await Assertions.Expect(box.Locator("img")).ToHaveAttributeAsync("data-photo", "2");
        await Assertions.Expect(box.Locator("img")).ToHaveAttributeAsync("src", new Regex($"/products/{Box}/photos/2/thumbnail$"));
        await box.ScrollIntoViewIfNeededAsync(); // thumbnails load lazily
        await page.WaitForFunctionAsync($"() => {{ const i = document.querySelector(\"#results .card[data-id='{Box}'] img\"); return i && i.complete && i.naturalWidth > 0; }}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "products-photo-search.png"), FullPage = true });
    }

    [Fact]
    public async Task A_facet_click_narrows_the_results_and_the_URL()
    {
        var shop = await ShopAsync();
        var page = await OpenAsync(shop, k: 10);
        await page.Locator("#text").FillAsync("apple juice");
        await page.Locator("#facet-keys").FillAsync("brand, organic");
        await page.Locator("#search-button").ClickAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#facets .facet[data-key='attributes.brand'] .facet-value")).Not.ToHaveCountAsync(0);

        var juice = page.Locator("#facets .facet[data-key='category'] .facet-value[data-value='Juice']");
        await Assertions.Expect(juice.Locator(".count")).ToHaveTextAsync("2");
        await juice.ClickAsync();

        await Assertions.Expect(Cards(page)).ToHaveCountAsync(2);
        await Assertions.Expect(Cards(page).Locator(".category")).ToHaveTextAsync(["Juice", "Juice"]);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]f=category%3DJuice(&|$)"));
        await Assertions.Expect(page.Locator("#chips .chip")).ToHaveTextAsync(["category: Juice ×"]);

        // A typed value: organic = true among the juices is none; as a filter it is typed in the URL.
        await page.Locator("#chips .chip").ClickAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(5);
        await page.Locator("#facets .facet[data-key='attributes.organic'] .facet-value[data-value='true']").ClickAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(2);
        Assert.Equal(new[] { Box, "oatly" }, (await IdsAsync(page)).Order());
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]fv=attributes.organic%3Dtrue(&|$)"));
    }

    [Fact]
    public async Task A_linked_search_reloads_with_the_same_results()
    {
        var shop = await ShopAsync();
        var page = await OpenAsync(shop, k: 2);
        await page.Locator("#text").FillAsync("milk");
        await page.Locator("#mode").SelectOptionAsync("hybrid");
        await page.Locator("#facet-keys").FillAsync("brand");
        await page.Locator("#search-button").ClickAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(2);
        await page.Locator("#next").ClickAsync();
        await Assertions.Expect(page.Locator("#page-label")).ToHaveTextAsync("page 2");
        await Assertions.Expect(Cards(page)).Not.ToHaveCountAsync(0);
        var ids = await IdsAsync(page);
        var link = page.Url;
        Assert.Contains("page=2", link, StringComparison.Ordinal);

        var linked = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        linked.SetDefaultTimeout(180_000);
        await linked.GotoAsync(link);
        await Assertions.Expect(Cards(linked)).ToHaveCountAsync(ids.Length);
        Assert.Equal(ids, await IdsAsync(linked));
        Assert.Equal(shop, await linked.Locator("#collection").InputValueAsync());
        Assert.Equal("milk", await linked.Locator("#text").InputValueAsync());
        Assert.Equal("hybrid", await linked.Locator("#mode").InputValueAsync());
        Assert.Equal("2", await linked.Locator("#k").InputValueAsync());
        await Assertions.Expect(linked.Locator("#facets .facet[data-key='attributes.brand']")).ToBeVisibleAsync();
        await Assertions.Expect(linked.Locator("#page-label")).ToHaveTextAsync("page 2");
    }

    [Fact]
    public async Task The_product_page_shows_all_photos_and_attributes_and_more_like_this_recommends()
    {
        var shop = await ShopAsync();
        var page = await OpenAsync(shop, k: 5);
        await page.Locator("#text").FillAsync("breakfast box");
        await page.Locator("#search-button").ClickAsync();
        await page.Locator($"#results .card[data-id='{Box}']").ClickAsync();

        await Assertions.Expect(page.Locator("#product")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#product-title")).ToHaveTextAsync("Breakfast box");
        await Assertions.Expect(page.Locator("#product-id")).ToHaveTextAsync(Box);
        await Assertions.Expect(page.Locator("#product-photos img")).ToHaveCountAsync(3);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#product-photos img')].every(i => i.complete && i.naturalWidth > 0)");
        await Assertions.Expect(page.Locator("#product-photos img").Nth(2)).ToHaveAttributeAsync("src", new Regex($"/products/{Box}/photos/2/thumbnail$"));
        await Assertions.Expect(page.Locator("#product-attributes tr[data-key='tags'] td").Nth(1)).ToHaveTextAsync("banana, carrots, juice");
        await Assertions.Expect(page.Locator("#product-attributes tr[data-key='price'] td").Nth(1)).ToHaveTextAsync("4.5");
        await Assertions.Expect(page.Locator("#product-attributes tr[data-key='organic'] td").Nth(1)).ToHaveTextAsync("yes");
        await Assertions.Expect(page.Locator("#product-description")).ToHaveTextAsync("A banana, carrots and a carton of apple juice.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "product-panel.png") });

        await page.Locator("#more-like").ClickAsync();
        await Assertions.Expect(page.Locator("#search-meta")).ToContainTextAsync($"similar to {Box}");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"[?&]like={Box}(&|$)"));
        await Assertions.Expect(Cards(page)).Not.ToHaveCountAsync(0);
        var ids = await IdsAsync(page);
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }
}
