using Microsoft.Playwright;
using UmsOrleans.Tests.Support;
using static UmsOrleans.Tests.Security.KeyedGatewayFixture;

namespace UmsOrleans.Tests.Security;

/// <summary>
/// The console against a gateway that needs keys: it asks for one when the API answers 401, searches with
/// it, and says plainly when the key may not do something (403).
/// </summary>
[Collection(KeyedGatewayCollection.Name)]
public sealed class ConsoleApiKeyTests(KeyedGatewayFixture gateway, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_console_asks_for_a_key_on_401_then_searches_and_shows_403_readably()
    {
        var name = await gateway.CollectionWithOneProductAsync("console-keys");
        var page = await browser.Browser.NewPageAsync();
        var blocked = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) blocked.Add(message.Text); };
        await page.GotoAsync(new Uri(gateway.Client.BaseAddress!, "/console/").ToString());

        await Assertions.Expect(page.Locator("#key-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("API key");
        await page.Locator("#key-input").FillAsync(SearchKey);
        await page.Locator("#key-save").ClickAsync();

        await Assertions.Expect(page.Locator("#key-form")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#collection option", new() { HasTextString = name })).ToHaveCountAsync(1);
        await page.Locator("#collection").SelectOptionAsync(name);
        // Without a model the console searches only by a product's vector: start with one, then open the result and
        // ask for more like it (a recommendation, with the search key).
        await page.EvaluateAsync("() => runSearch({ vectors: { image: [1, 0, 0, 0] } })");
        await Assertions.Expect(page.Locator("#results .card")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#results .card .title")).ToHaveTextAsync("Oat milk");
        await Assertions.Expect(page.Locator("#error")).ToBeHiddenAsync();
        await page.Locator("#results .card").First.ClickAsync();
        await page.Locator("#more-like").ClickAsync();
        await Assertions.Expect(page.Locator("#search-meta")).ToContainTextAsync("similar to");

        // A search key may not start an evaluation run.
        await page.Locator("#tab-evaluations").ClickAsync();
        await page.Locator("#eval-data").FillAsync("datasets/none");
        await page.Locator("#eval-start").ClickAsync();
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("403");
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("admin key");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "api-key-403.png"), FullPage = true });
        Assert.Empty(blocked);
    }
}
