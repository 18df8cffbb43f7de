using Microsoft.Playwright;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Console;

[Collection(EmbeddedGatewayCollection.Name)]
public sealed class ConsoleSmokeTests(EmbeddedGatewayFixture gateway, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_console_loads_offline_lists_collections_and_shows_API_errors_readably()
    {
        var name = await gateway.CreateCollectionAsync("console");
        var page = await browser.Browser.NewPageAsync();
        var external = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(gateway.Client.BaseAddress!.ToString(), StringComparison.Ordinal)) external.Add(request.Url);
        };
        await page.GotoAsync(new Uri(gateway.Client.BaseAddress!, "/").ToString());
        await Assertions.Expect(page.Locator("#health")).ToContainTextAsync("active silo");
        await Assertions.Expect(page.Locator("#collection option", new() { HasTextString = name })).ToHaveCountAsync(1);

        // Nothing typed and no photo: a readable sentence, not raw JSON.
        await page.Locator("#collection").SelectOptionAsync(name);
        await page.Locator("#search-button").ClickAsync();
        await Assertions.Expect(page.Locator("#error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("Nothing to search for");
        await Assertions.Expect(page.Locator("#error")).Not.ToContainTextAsync("{");

        await page.Locator("#tab-catalog").ClickAsync();
        await Assertions.Expect(page.Locator("#collections caption", new() { HasTextString = name })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "catalog.png"), FullPage = true });
        Assert.Empty(external);
    }
}
