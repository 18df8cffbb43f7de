using System.Text.RegularExpressions;
using Microsoft.Playwright;
using UmsOrleans.Tests.Content;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Console;

/// <summary>
/// The adapters tab and the search's adapter switch against canned answers in the adapters API's shapes
/// (<see cref="FakeAdapterApi"/>, <see cref="FakeSearchApi"/>): the versions shown, training with its progress,
/// failure and cancel, activation with its busy state, and the adapter a search sends and keeps in the URL. The
/// collections list comes from the real gateway.
/// </summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class ConsoleAdapterTests(EmbeddedGatewayFixture gateway, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<(IPage Page, FakeAdapterApi Adapters, string Collection)> OpenTabAsync()
    {
        var collection = await gateway.CreateCollectionAsync("console-adapters");
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var adapters = new FakeAdapterApi();
        await adapters.AttachAsync(page);
        await page.GotoAsync(new Uri(gateway.Client.BaseAddress!, "/console/").ToString());
        await Assertions.Expect(page.Locator("#collection option", new() { HasTextString = collection })).ToHaveCountAsync(1);
        await page.Locator("#collection").SelectOptionAsync(collection);
        await page.Locator("#tab-adapters").ClickAsync();
        await Assertions.Expect(page.Locator("#adapters-collection")).ToHaveValueAsync(collection);
        return (page, adapters, collection);
    }

    private static ILocator Version(IPage page, int version) => page.Locator($"#adapter-versions tr[data-version='{version}']");

    private static ILocator Job(IPage page) => page.Locator("#adapter-jobs .run").First;

    [Fact]
    public async Task The_tab_lists_each_version_with_its_scores_and_which_one_is_active()
    {
        var (page, _, collection) = await OpenTabAsync();

        await Assertions.Expect(page.Locator("#adapter-versions tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#adapter-versions caption")).ToHaveTextAsync($"{collection}: 2 adapter versions");
        // Newest first; the best of each validation score over the regularisations tried.
        await Assertions.Expect(page.Locator("#adapter-versions tbody tr td:first-child")).ToHaveTextAsync(["v2", "v1"]);
        await Assertions.Expect(Version(page, 1).Locator("td")).ToHaveTextAsync(new Regex[]
        {
            new("^v1$"), new("^adapt$"), new("^product$"), new("^lda \\(λ 0.1\\)$"), new("^image → image.adapted \\(80\\)$"),
            new("^5502$"), new("^81$"), new("^0$"), new("^61.0%$"), new("^43.0%$"), new("."), new("^159 KiB$"), new("active"),
        });
        await Assertions.Expect(Version(page, 2).Locator("td").Nth(2)).ToHaveTextAsync("brand");
        await Assertions.Expect(Version(page, 2).Locator("td").Nth(4)).ToHaveTextAsync("text + image → image.adapted (80)");
        await Assertions.Expect(Version(page, 1)).ToHaveClassAsync(new Regex("active"));
        await Assertions.Expect(Version(page, 1).GetByRole(AriaRole.Button, new() { Name = "Deactivate v1" })).ToBeVisibleAsync();
        await Assertions.Expect(Version(page, 2).GetByRole(AriaRole.Button, new() { Name = "Activate v2" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#adapters-summary")).ToHaveTextAsync("Searches go through v1 (adapt, product).");
        await Assertions.Expect(page.Locator("#adapter-jobs")).ToHaveTextAsync("No training job yet.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "adapters-canned.png"), FullPage = true });
    }

    [Fact]
    public async Task Training_posts_the_form_shows_the_jobs_progress_and_refreshes_the_list_when_it_completes()
    {
        var (page, adapters, collection) = await OpenTabAsync();
        await Assertions.Expect(page.Locator("#adapter-method")).ToBeHiddenAsync(); // adapt has no method
        await page.Locator("#adapter-kind").SelectOptionAsync("align");
        await page.Locator("#adapter-method").SelectOptionAsync("ridge");
        await page.Locator("#adapter-label").FillAsync("brand");
        await page.Locator("#adapter-seed").FillAsync("7");
        await page.Locator("#adapter-train").ClickAsync();

        await Assertions.Expect(Job(page).Locator("h3")).ToHaveTextAsync("align brand · Running");
        await Assertions.Expect(Job(page).Locator(".meta")).ToContainTextAsync("reading products · 0 / 81");
        Assert.Equal($$"""/collections/{{collection}}/adapters {"kind":"align","label":"attributes.brand","seed":7,"method":"ridge"}""", adapters.Posts[^1]);

        adapters.UpdateJob(job => { job["step"] = "training"; job["done"] = 40; });
        await Assertions.Expect(Job(page).Locator(".meta")).ToContainTextAsync("training · 40 / 81");
        await Assertions.Expect(Job(page).GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuenow", "40");
        await Assertions.Expect(Job(page).GetByRole(AriaRole.Button, new() { Name = "Cancel training align brand" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "adapter-training-canned.png"), FullPage = true });

        adapters.CompleteJob();
        await Assertions.Expect(Job(page).Locator("h3")).ToHaveTextAsync("align brand · Completed");
        await Assertions.Expect(Job(page).Locator(".meta")).ToHaveTextAsync("version v3 · finished in 4.2 s");
        await Assertions.Expect(Job(page).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#adapter-versions tbody tr td:first-child")).ToHaveTextAsync(["v3", "v2", "v1"]);
    }

    [Fact]
    public async Task A_refused_label_marks_the_field_a_failed_job_says_why_and_cancel_posts_to_the_job()
    {
        var (page, adapters, collection) = await OpenTabAsync();

        await page.Locator("#adapter-label").FillAsync("nope");
        await page.Locator("#adapter-train").ClickAsync();
        await Assertions.Expect(page.Locator("#error-fields li")).ToHaveTextAsync(["label: no product has the attribute 'nope'."]);
        await Assertions.Expect(page.Locator("#adapter-label")).ToHaveClassAsync(new Regex("invalid"));
        await Assertions.Expect(page.Locator("#error")).Not.ToContainTextAsync("{");

        // A job that fails shows the server's reason in its block.
        await page.Locator("#adapter-label").FillAsync("product");
        await page.Locator("#adapter-train").ClickAsync();
        await Assertions.Expect(Job(page).Locator("h3")).ToHaveTextAsync("adapt product · Running");
        adapters.UpdateJob(job => { job["phase"] = "Failed"; job["finished"] = true; job["error"] = "only one label has two products or more."; });
        await Assertions.Expect(Job(page).Locator("h3")).ToHaveTextAsync("adapt product · Failed");
        await Assertions.Expect(Job(page).Locator(".error")).ToHaveTextAsync("The training failed: only one label has two products or more.");
        await Assertions.Expect(page.Locator("#adapter-versions tbody tr")).ToHaveCountAsync(2);

        // Cancel posts to the running job; the job then shows as cancelled, without its button.
        await page.Locator("#adapter-train").ClickAsync();
        await Assertions.Expect(page.Locator("#adapter-jobs .run")).ToHaveCountAsync(2);
        await Job(page).GetByRole(AriaRole.Button, new() { Name = "Cancel training adapt product" }).ClickAsync();
        await Assertions.Expect(Job(page).Locator("h3")).ToHaveTextAsync("adapt product · Cancelled");
        await Assertions.Expect(Job(page).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        Assert.Contains($"/collections/{collection}/adapters/jobs/job-2/cancel", adapters.Posts);
    }

    [Fact]
    public async Task Activating_a_version_is_busy_until_the_shards_answer_then_shows_it_active_and_errors_show()
    {
        var (page, adapters, collection) = await OpenTabAsync();
        await Assertions.Expect(Version(page, 1)).ToHaveClassAsync(new Regex("active"));

        adapters.HoldActivations();
        await Version(page, 2).GetByRole(AriaRole.Button, new() { Name = "Activate v2" }).ClickAsync();
        await Assertions.Expect(Version(page, 2).Locator("button")).ToHaveTextAsync("Activating…");
        await Assertions.Expect(page.Locator("#adapter-versions button:enabled")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#adapter-versions table")).ToHaveAttributeAsync("aria-busy", "true");
        await Assertions.Expect(page.Locator("#adapters-summary")).ToHaveTextAsync("Activating v2: the shards re-project their vectors…");
        adapters.ReleaseActivations();

        await Assertions.Expect(Version(page, 2)).ToHaveClassAsync(new Regex("active"));
        await Assertions.Expect(Version(page, 1)).Not.ToHaveClassAsync(new Regex("active"));
        await Assertions.Expect(page.Locator("#adapters-summary")).ToHaveTextAsync("Searches go through v2 (align, brand). Text searches photos through it.");
        await Assertions.Expect(page.Locator("#adapter-versions table")).ToHaveAttributeAsync("aria-busy", "false");
        Assert.Contains($"/collections/{collection}/adapters/2/activate", adapters.Posts);

        // The search tab's switch follows: its collection is this one.
        await Assertions.Expect(page.Locator("#adapter option[value='active']")).ToHaveTextAsync("active adapter (v2, align)");

        // A refused activation shows the problem and leaves the table as it was, usable.
        adapters.RefuseActivation = "The collection is busy.";
        await Version(page, 2).GetByRole(AriaRole.Button, new() { Name = "Deactivate v2" }).ClickAsync();
        await Assertions.Expect(page.Locator("#error-title")).ToHaveTextAsync("The collection is busy.");
        await Assertions.Expect(Version(page, 2)).ToHaveClassAsync(new Regex("active"));
        await Assertions.Expect(page.Locator("#adapter-versions button:enabled")).ToHaveCountAsync(2);

        await Version(page, 2).GetByRole(AriaRole.Button, new() { Name = "Deactivate v2" }).ClickAsync();
        await Assertions.Expect(page.Locator("#adapters-summary")).ToHaveTextAsync("No adapter is active: searches use the encoders' own vectors.");
        await Assertions.Expect(page.Locator("#adapter-versions tr.active")).ToHaveCountAsync(0);
        Assert.Equal($"/collections/{collection}/adapters/none/activate", adapters.Posts[^1]);
    }

    [Fact]
    public async Task The_search_sends_the_chosen_adapter_says_which_one_answered_and_keeps_the_choice_in_the_URL()
    {
        var collection = await gateway.CreateCollectionAsync("console-adapter-search");
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var adapters = new FakeAdapterApi { Active = 2 }; // an alignment: text searches photos
        await adapters.AttachAsync(page);
        var search = new FakeSearchApi(await File.ReadAllBytesAsync(GroceryLines.ImagePath(ContentGatewayFixture.Banana))) { ActiveAdapter = 2 };
        await search.AttachAsync(page);
        await page.GotoAsync(new Uri(gateway.Client.BaseAddress!, "/console/").ToString());
        await Assertions.Expect(page.Locator("#collection option", new() { HasTextString = collection })).ToHaveCountAsync(1);
        await page.Locator("#collection").SelectOptionAsync(collection);

        var adapter = page.Locator("#adapter");
        await Assertions.Expect(adapter.Locator("option[value='active']")).ToHaveTextAsync("active adapter (v2, align)");
        await Assertions.Expect(page.Locator("#adapter-note")).ToHaveTextAsync("text searches photos (alignment v2)");

        // The active adapter is the server's default: the body does not name it; the answer says which one it used.
        await page.Locator("#text").FillAsync("juice");
        await page.Locator("#search-button").ClickAsync();
        await Assertions.Expect(page.Locator("#search-meta")).ToContainTextAsync("adapter v2: text searched photos");
        Assert.Null(search.LastSearch["adapter"]);
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("[?&]adapter="));

        // "none" reruns the search without an adapter and goes into the URL.
        var searches = search.SearchCount;
        await adapter.SelectOptionAsync("none");
        await Assertions.Expect(page.Locator("#search-meta")).ToContainTextAsync("no adapter");
        Assert.Equal(searches + 1, search.SearchCount);
        Assert.Equal("\"none\"", search.LastSearch["adapter"]!.ToJsonString());
        await Assertions.Expect(page.Locator("#adapter-note")).ToBeHiddenAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]adapter=none(&|$)"));

        // A reload keeps the choice and sends it again.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#search-meta")).ToContainTextAsync("no adapter");
        await Assertions.Expect(adapter).ToHaveValueAsync("none");
        Assert.Equal("\"none\"", search.LastSearch["adapter"]!.ToJsonString());

        // A link may name the active version itself.
        await page.GotoAsync(new Uri(gateway.Client.BaseAddress!, $"/console/?c={collection}&q=juice&adapter=2").ToString());
        await Assertions.Expect(page.Locator("#search-meta")).ToContainTextAsync("adapter v2: text searched photos");
        await Assertions.Expect(adapter).ToHaveValueAsync("2");
        await Assertions.Expect(adapter.Locator("option:checked")).ToHaveTextAsync("v2 (the active one)");
        Assert.Equal("2", search.LastSearch["adapter"]!.ToJsonString());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "search-adapter-canned.png") });
    }
}
