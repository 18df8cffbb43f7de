using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace UmsOrleans.Tests.Console;

/// <summary>
/// Answers the console's search, product and photo requests in the browser, in the shapes of the product search
/// API (issue #12), so that the console's own behaviour (the requests it sends, what it shows, the URL it keeps) is
/// tested without encoders. Every search body the console sent is kept, in order.
/// </summary>
internal sealed class FakeSearchApi
{
    public sealed record Product(string Id, string Title, string Category, string? Brand, int Photos, int? MatchedPhoto, double Score);

    public static readonly Product[] Products =
    [
        new("oat-1", "Oat drink", "Oat-Milk", "Oatly", Photos: 3, MatchedPhoto: 2, Score: 0.91),
        new("juice-1", "Apple juice", "Juice", "Tropicana", Photos: 2, MatchedPhoto: null, Score: 0.82),
        new("juice-2", "Orange juice", "Juice", "Bravo", Photos: 1, MatchedPhoto: 0, Score: 0.75),
        new("banana", "Banana", "Fruit", null, Photos: 0, MatchedPhoto: null, Score: 0.40),
    ];

    private readonly byte[] _jpeg;
    private readonly List<JsonObject> _searches = [];

    public FakeSearchApi(byte[] jpeg) => _jpeg = jpeg;

    public JsonObject LastSearch
    {
        get { lock (_searches) return _searches[^1]; }
    }

    public int SearchCount
    {
        get { lock (_searches) return _searches.Count; }
    }

    /// <summary>
    /// The search sent after the first <paramref name="previousCount"/>, once it has arrived: the console redraws its
    /// chips before its request reaches the page's route, so a test that saw the chips must wait for the request.
    /// </summary>
    public async Task<JsonObject> SearchAfterAsync(int previousCount)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            lock (_searches)
                if (_searches.Count > previousCount) return _searches[previousCount];
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The console sent no search after the first {previousCount}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Set: answers say which adapter they used (issue #14): this one, unless the body names "none" or a version.</summary>
    public int? ActiveAdapter { get; init; }

    public async Task AttachAsync(IPage page)
    {
        await page.RouteAsync("**/collections/*/search", SearchAsync);
        await page.RouteAsync("**/collections/*/products/*", ProductAsync);
        await page.RouteAsync("**/collections/*/products/*/photos/*/thumbnail", ThumbnailAsync);
    }

    private async Task SearchAsync(IRoute route)
    {
        var body = JsonNode.Parse(route.Request.PostData!)!.AsObject();
        lock (_searches) _searches.Add(body);
        var k = body["k"]!.GetValue<int>();
        if (k is < 1 or > 1000)
        {
            await route.FulfillAsync(new()
            {
                Status = 400,
                ContentType = "application/problem+json",
                Body = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"The request is invalid.","status":400,"detail":"k: must be from 1 to 1000.","errors":{"k":["must be from 1 to 1000."]}}""",
            });
            return;
        }
        var offset = body["offset"]?.GetValue<int>() ?? 0;
        var must = body["filter"]?["must"]?.AsArray() ?? [];
        var matching = Products.Where(p => must.All(c => Matches(p, c!))).ToList();
        var facets = new JsonObject();
        foreach (var key in body["facets"]?.AsArray().Select(f => f!.GetValue<string>()) ?? [])
        {
            facets[key] = new JsonArray(matching.Select(p => Value(p, key)).OfType<string>().GroupBy(v => v)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new JsonObject { ["value"] = g.Key, ["count"] = g.Count() }).ToArray<JsonNode?>());
        }
        var hits = new JsonArray(matching.Skip(offset).Take(k).Select(p => new JsonObject
        {
            ["id"] = p.Id, ["score"] = p.Score, ["title"] = p.Title, ["category"] = p.Category, ["shard"] = 0, ["matchedPhoto"] = p.MatchedPhoto,
        }).ToArray<JsonNode?>());
        var response = new JsonObject { ["hits"] = hits, ["facets"] = facets, ["partial"] = false, ["missingShards"] = new JsonArray(), ["tookMs"] = 1.5 };
        if (ActiveAdapter is { } active)
        {
            response["adapter"] = body["adapter"] switch
            {
                JsonValue chosen when chosen.GetValueKind() == JsonValueKind.Number => chosen.GetValue<int>(),
                JsonValue chosen when chosen.GetValue<string>() == "none" => null,
                _ => active,
            };
        }
        await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = response.ToJsonString() });
    }

    private static string? Value(Product product, string key) => key switch
    {
        "category" => product.Category,
        "attributes.brand" => product.Brand,
        _ => null,
    };

    private static bool Matches(Product product, JsonNode condition)
    {
        var value = Value(product, condition["key"]!.GetValue<string>());
        static bool Same(JsonNode? node, string? value) => node?.GetValueKind() == JsonValueKind.String && node.GetValue<string>() == value;
        if (condition["match"] is { } match) return Same(match, value);
        if (condition["in"] is JsonArray any) return any.Any(v => Same(v, value));
        throw new InvalidOperationException($"unexpected condition {condition.ToJsonString()}");
    }

    private async Task ProductAsync(IRoute route)
    {
        var id = Uri.UnescapeDataString(new Uri(route.Request.Url).Segments[^1]);
        var product = Products.Single(p => p.Id == id);
        var attributes = new JsonObject { ["price"] = 1.95, ["organic"] = true, ["tags"] = new JsonArray("oat", "vegan"), ["size"] = "1 l" };
        if (product.Brand is not null) attributes["brand"] = product.Brand;
        var body = new JsonObject
        {
            ["id"] = product.Id, ["title"] = product.Title, ["category"] = product.Category, ["attributes"] = attributes,
            ["description"] = $"{product.Title}, as sold.", ["photos"] = product.Photos, ["vectors"] = new JsonObject(),
        };
        await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = body.ToJsonString() });
    }

    private async Task ThumbnailAsync(IRoute route)
    {
        var segments = new Uri(route.Request.Url).Segments; // …/products/{id}/photos/{i}/thumbnail
        var id = Uri.UnescapeDataString(segments[^4].TrimEnd('/'));
        var photo = int.Parse(segments[^2].TrimEnd('/'), System.Globalization.CultureInfo.InvariantCulture);
        if (Products.Single(p => p.Id == id).Photos > photo)
        {
            await route.FulfillAsync(new() { Status = 200, ContentType = "image/jpeg", BodyBytes = _jpeg });
        }
        else
        {
            await route.FulfillAsync(new() { Status = 404, ContentType = "application/problem+json", Body = JsonSerializer.Serialize(new { title = "Not found.", status = 404 }) });
        }
    }
}
