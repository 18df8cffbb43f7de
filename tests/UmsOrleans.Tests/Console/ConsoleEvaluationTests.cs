using Microsoft.Playwright;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Console;

/// <summary>The evaluations tab: start a run on a dataset under the data root, watch it, read the results.</summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class ConsoleEvaluationTests(EmbeddedGatewayFixture gateway, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_run_started_in_the_console_shows_progress_then_metrics_beside_the_published_numbers_and_a_chart()
    {
        GrocerySubsets.Sop(Path.Combine(gateway.DatasetsDirectory, "sop-console"), classes: 3, perClass: 3);
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 1000 } });
        page.SetDefaultTimeout(180_000);
        await page.GotoAsync(new Uri(gateway.Client.BaseAddress!, "/console/").ToString());
        await page.Locator("#tab-evaluations").ClickAsync();

        // A folder outside the data root is refused with a sentence, not JSON.
        await page.Locator("#eval-data").FillAsync("../../etc");
        await page.Locator("#eval-start").ClickAsync();
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("data root");
        await Assertions.Expect(page.Locator("#error")).Not.ToContainTextAsync("{");

        await page.Locator("#eval-task").SelectOptionAsync("sop");
        await page.Locator("#eval-data").FillAsync("sop-console");
        await page.Locator("#eval-shards").FillAsync("2");
        await page.Locator("#eval-start").ClickAsync();

        // Runs are listed newest first; tests of this collection run one at a time, so the first is ours.
        var run = page.Locator(".run").First;
        await Assertions.Expect(run.Locator("h3")).ToContainTextAsync("sop-");
        await Assertions.Expect(run.Locator(".progress")).ToBeVisibleAsync();
        var table = run.Locator("table.metrics");
        await Assertions.Expect(table).ToBeVisibleAsync(new() { Timeout = 180_000 });
        await Assertions.Expect(run.Locator("h3")).ToContainTextAsync("Completed");
        var recallRow = table.Locator("tr", new() { HasTextString = "recall@1" }).First;
        await Assertions.Expect(recallRow).ToContainTextAsync("88.72");
        await Assertions.Expect(run.Locator("svg.chart polyline")).Not.ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "evaluation.png"), FullPage = true });
    }
}
