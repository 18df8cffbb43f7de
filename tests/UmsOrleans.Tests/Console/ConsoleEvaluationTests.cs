using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Reports;
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

        // The "this run" column shows the run's own numbers (as the API reports them, in percent with two
        // decimals) and the "UMS published" column the published ones, each metric on its own row.
        var runId = (await run.Locator("h3").TextContentAsync())!.Split(' ')[1];
        using var response = await JsonDocument.ParseAsync(await gateway.Client.GetStreamAsync($"/evaluations/{runId}"));
        var metrics = response.RootElement.GetProperty("metrics").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetDouble());
        Assert.Equal(["map@r", "recall@1", "recall@10", "recall@100"], metrics.Keys.Order());
        var published = PublishedResults.For(EvalLayout.Sop).Where(r => r.Method == PublishedResults.Ums).ToDictionary(r => r.Metric, r => r.Percent);
        foreach (var (name, value) in metrics)
        {
            var cells = table.Locator("tbody tr")
                .Filter(new() { Has = page.Locator("td:first-child", new() { HasTextRegex = new Regex($"^{Regex.Escape(name)}$") }) })
                .Locator("td");
            await Assertions.Expect(cells.Nth(0)).ToHaveTextAsync(name);
            await Assertions.Expect(cells.Nth(1)).ToHaveTextAsync(Percent(value));
            await Assertions.Expect(cells.Nth(2)).ToHaveTextAsync(published.TryGetValue(name, out var percent) ? Percent(percent / 100) : "–");
        }
        await Assertions.Expect(run.Locator("svg.chart polyline")).Not.ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "evaluation.png"), FullPage = true });
    }

    [Fact]
    public async Task The_chart_draws_catalog_metrics_named_after_their_direction()
    {
        var page = await browser.Browser.NewPageAsync();
        await page.GotoAsync(new Uri(gateway.Client.BaseAddress!, "/console/").ToString());

        var curves = await page.EvaluateAsync<int>("""
            () => metricsChart({ metrics: { "t2title_recall@1": 0.4, "t2title_recall@10": 0.8, "t2i_recall@1": 0.2, "t2i_recall@10": 0.5, "t2title_map@r": 0.3 },
                                 published: {} }).querySelectorAll("polyline").length
            """);

        Assert.Equal(2, curves);
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture);
}
