using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using UmsOrleans.Tests.Content;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Console;

/// <summary>
/// The search tab's own behaviour against canned answers in the API's shapes (<see cref="FakeSearchApi"/>): the
/// request it sends, facets and chips, paging, the product panel, the URL, and problems with field errors. The
/// collections list comes from the real gateway.
/// </summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class ConsoleSearchStateTests(EmbeddedGatewayFixture gateway, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<(IPage Page, FakeSearchApi Api, string Collection)> OpenAsync(string query = "")
    {
        var collection = await gateway.CreateCollectionAsync("console-state");
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var api = new FakeSearchApi(await File.ReadAllBytesAsync(GroceryLines.ImagePath(ContentGatewayFixture.Banana)));
        await api.AttachAsync(page);
        await page.GotoAsync(new Uri(gateway.Client.BaseAddress!, $"/console/{query.Replace("{c}", collection, StringComparison.Ordinal)}").ToString());
        await Assertions.Expect(page.Locator("#collection option", new() { HasTextString = collection })).ToHaveCountAsync(1);
        if (query.Length == 0) await page.Locator("#collection").SelectOptionAsync(collection);
        return (page, api, collection);
    }

    private static ILocator Cards(IPage page) => page.Locator("#results .card");

    private static ILocator FacetValue(IPage page, string key, string value) =>
        page.Locator($"#facets .facet[data-key='{key}'] .facet-value[data-value='{value}']");

    private static string? Filter(JsonObject body) => body["filter"]?.ToJsonString();

    [Fact]
    public async Task A_search_sends_mode_k_offset_and_facets_and_shows_each_product_with_its_matched_photo()
    {
        var (page, api, _) = await OpenAsync();
        await page.Locator("#text").FillAsync("juice");
        await page.Locator("#mode").SelectOptionAsync("hybrid");
        await page.Locator("#k").FillAsync("3");
        await page.Locator("#facet-keys").FillAsync("brand");
        await page.Locator("#search-button").ClickAsync();

        await Assertions.Expect(Cards(page)).ToHaveCountAsync(3);
        Assert.Equal("""{"k":3,"offset":0,"mode":"hybrid","facets":["category","attributes.brand"],"text":"juice"}""", api.LastSearch.ToJsonString());
        // Photo 2 matched: its thumbnail is the card's; no matched photo: photo 0.
        var oat = Cards(page).Nth(0).Locator("img");
        await Assertions.Expect(oat).ToHaveAttributeAsync("data-photo", "2");
        await Assertions.Expect(oat).ToHaveAttributeAsync("src", new Regex("/products/oat-1/photos/2/thumbnail$"));
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#results .card img'); return i && i.complete && i.naturalWidth > 0; }");
        await Assertions.Expect(Cards(page).Nth(0).Locator(".rank")).ToContainTextAsync("photo 3");
        await Assertions.Expect(Cards(page).Nth(1).Locator("img")).ToHaveAttributeAsync("data-photo", "0");

        // Page 2: offset = page × k; the product without photos shows a placeholder.
        await page.Locator("#next").ClickAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(1);
        Assert.Equal(3, api.LastSearch["offset"]!.GetValue<int>());
        await Assertions.Expect(Cards(page).Nth(0).Locator(".thumb")).ToHaveTextAsync("no photo");
        await Assertions.Expect(page.Locator("#page-label")).ToHaveTextAsync("page 2");
        await Assertions.Expect(page.Locator("#next")).ToBeDisabledAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]page=2(&|$)"));
        await page.Locator("#prev").ClickAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(3);
        Assert.Equal(0, api.LastSearch["offset"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_facet_click_adds_a_match_condition_shown_as_a_chip_and_in_the_URL_and_a_second_click_removes_it()
    {
        var (page, api, _) = await OpenAsync();
        await page.Locator("#text").FillAsync("drinks");
        await page.Locator("#facet-keys").FillAsync("brand");
        await page.Locator("#search-button").ClickAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(4);
        await Assertions.Expect(FacetValue(page, "category", "Juice")).ToContainTextAsync("2");
        Assert.Null(Filter(api.LastSearch));

        await FacetValue(page, "category", "Juice").ClickAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(2);
        await Assertions.Expect(Cards(page).Locator(".category")).ToHaveTextAsync(["Juice", "Juice"]);
        await Assertions.Expect(page.Locator("#pager")).ToBeHiddenAsync(); // one page only
        Assert.Equal("""{"must":[{"key":"category","match":"Juice"}]}""", Filter(api.LastSearch));
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]f=category%3DJuice(&|$)"));
        await Assertions.Expect(page.Locator("#chips .chip")).ToHaveTextAsync(["category: Juice ×"]);
        await Assertions.Expect(FacetValue(page, "category", "Juice")).ToHaveClassAsync(new Regex("active"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "facets-canned.png"), FullPage = true });

        await FacetValue(page, "attributes.brand", "Tropicana").ClickAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(1);
        Assert.Equal("""{"must":[{"key":"category","match":"Juice"},{"key":"attributes.brand","match":"Tropicana"}]}""", Filter(api.LastSearch));

        // Clicking an active value again removes its condition; so does its chip's ×.
        var searches = api.SearchCount;
        await FacetValue(page, "category", "Juice").ClickAsync();
        await Assertions.Expect(page.Locator("#chips .chip")).ToHaveTextAsync(["brand: Tropicana ×"]);
        Assert.Equal("""{"must":[{"key":"attributes.brand","match":"Tropicana"}]}""", Filter(await api.SearchAfterAsync(searches)));
        await page.Locator("#chips .chip").ClickAsync();
        await Assertions.Expect(page.Locator("#chips")).ToBeHiddenAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(4);
        Assert.Null(Filter(api.LastSearch));
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("[?&]f="));

        // Back returns to the narrowed search.
        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("#chips .chip")).ToHaveTextAsync(["brand: Tropicana ×"]);
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_linked_search_reloads_with_its_text_mode_k_page_facets_and_filters_and_runs()
    {
        var (page, api, collection) = await OpenAsync("?c={c}&q=juice&mode=keyword&k=1&page=2&facets=brand&f=category=Juice&fv=attributes.organic=true");

        await Assertions.Expect(page.Locator("#search-meta")).ToContainTextAsync("0 results"); // the fake knows no "organic"
        Assert.Equal(
            """{"k":1,"offset":1,"mode":"keyword","facets":["category","attributes.brand"],"text":"juice","filter":{"must":[{"key":"category","match":"Juice"},{"key":"attributes.organic","match":true}]}}""",
            api.LastSearch.ToJsonString());
        Assert.Equal(collection, await page.Locator("#collection").InputValueAsync());
        Assert.Equal("juice", await page.Locator("#text").InputValueAsync());
        Assert.Equal("keyword", await page.Locator("#mode").InputValueAsync());
        Assert.Equal("1", await page.Locator("#k").InputValueAsync());
        Assert.Equal("brand", await page.Locator("#facet-keys").InputValueAsync());
        await Assertions.Expect(page.Locator("#chips .chip")).ToHaveTextAsync(["category: Juice ×", "organic: yes ×"]);

        // Several values of one key are "any of them"; the URL keeps typed values typed.
        var body = await page.EvaluateAsync<string>("""
            () => JSON.stringify(filterBody([{ key: "category", value: "Milk" }, { key: "category", value: "Juice" }, { key: "attributes.price", value: 2.5 }]))
            """);
        Assert.Equal("""{"must":[{"key":"category","in":["Milk","Juice"]},{"key":"attributes.price","match":2.5}]}""", body);
        var roundTrip = await page.EvaluateAsync<string>("""
            () => JSON.stringify(searchFromUrl(searchToUrl({ ...blankSearch(), collection: "c", text: "a b&c", filters: [
              { key: "attributes.size", value: "1=1 l" }, { key: "attributes.organic", value: false }, { key: "attributes.count", value: 3 }, { key: "attributes.code", value: "3" }] })).filters)
            """);
        Assert.Equal("""[{"key":"attributes.size","value":"1=1 l"},{"key":"attributes.organic","value":false},{"key":"attributes.count","value":3},{"key":"attributes.code","value":"3"}]""", roundTrip);
    }

    [Fact]
    public async Task The_product_panel_shows_every_photo_typed_attributes_and_more_like_this_recommends_from_it()
    {
        var (page, api, _) = await OpenAsync();
        await page.Locator("#text").FillAsync("oat");
        await page.Locator("#search-button").ClickAsync();
        await Cards(page).Nth(0).ClickAsync();

        var panel = page.Locator("#product");
        await Assertions.Expect(panel).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#product-title")).ToHaveTextAsync("Oat drink");
        await Assertions.Expect(page.Locator("#product-id")).ToHaveTextAsync("oat-1");
        await Assertions.Expect(page.Locator("#product-photos img")).ToHaveCountAsync(3);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#product-photos img')].every(i => i.complete && i.naturalWidth > 0)");
        await Assertions.Expect(page.Locator("#product-photos figure.matched figcaption")).ToHaveTextAsync("photo 3 · matched");
        await Assertions.Expect(page.Locator("#product-attributes tr[data-key='tags'] td").Nth(1)).ToHaveTextAsync("oat, vegan");
        await Assertions.Expect(page.Locator("#product-attributes tr[data-key='organic'] td").Nth(1)).ToHaveTextAsync("yes");
        await Assertions.Expect(page.Locator("#product-attributes tr[data-key='price'] td").Nth(1)).ToHaveTextAsync("1.95");
        await Assertions.Expect(page.Locator("#product-description")).ToHaveTextAsync("Oat drink, as sold.");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]p=oat-1(&|$)"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "product-panel-canned.png") });

        var searches = api.SearchCount;
        await page.Locator("#more-like").ClickAsync();
        await Assertions.Expect(panel).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#search-meta")).ToContainTextAsync("similar to oat-1");
        Assert.Equal(searches + 1, api.SearchCount);
        Assert.Equal("""["oat-1"]""", api.LastSearch["positive"]!.ToJsonString());
        Assert.Null(api.LastSearch["text"]);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]like=oat-1(&|$)"));
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("[?&](p|q)="));
        await Assertions.Expect(page.Locator("#chips .chip")).ToHaveTextAsync(["like oat-1 ×"]);

        // In a recommendation, "not like this" adds the product to the negatives.
        await Cards(page).Nth(1).ClickAsync();
        searches = api.SearchCount;
        await page.Locator("#less-like").ClickAsync();
        await Assertions.Expect(page.Locator("#chips .chip")).ToHaveTextAsync(["like oat-1 ×", "not like juice-1 ×"]);
        Assert.Equal("""["juice-1"]""", (await api.SearchAfterAsync(searches))["negative"]!.ToJsonString());
    }

    [Fact]
    public async Task A_problem_with_field_errors_lists_each_field_and_marks_its_input_without_raw_JSON()
    {
        var (page, _, _) = await OpenAsync("?c={c}&q=milk&k=5000");

        var error = page.Locator("#error");
        await Assertions.Expect(error).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#error-title")).ToHaveTextAsync("The request is invalid.");
        await Assertions.Expect(page.Locator("#error-fields li")).ToHaveTextAsync(["k: must be from 1 to 1000."]);
        await Assertions.Expect(error).Not.ToContainTextAsync("{");
        await Assertions.Expect(page.Locator("#k")).ToHaveClassAsync(new Regex("invalid"));

        await page.Locator("#error-close").ClickAsync();
        await Assertions.Expect(page.Locator("#k")).Not.ToHaveClassAsync(new Regex("invalid"));
    }
}
