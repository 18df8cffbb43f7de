using System.Net.Http.Json;
using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Content;

/// <summary>
/// The real program with the grocery dataset as its data root, and one collection created with the default
/// model into which a small batch was ingested (by base64, by path, and some items that must be rejected).
/// </summary>
public sealed class ContentGatewayFixture : IAsyncLifetime
{
    public const string Oatly = "train_Oatly-Oat-Milk_001";
    public const string Banana = "train_Banana_001";
    public const string Juice = "train_Tropicana-Apple-Juice_001";
    public const string Arla = "train_Arla-Standard-Milk_001";
    public const string Carrots = "train_Carrots_001";
    public const string Lemon = "train_Lemon_001";
    public const string TextOnly = "text-only";

    private readonly string _dataDirectory = TestPaths.NewTempDirectory("content-gateway");

    public EmbeddedGateway Gateway { get; private set; } = null!;

    /// <summary>Encoding on this loaded 2-core machine is slow: more patience than the shared client's 60 s.</summary>
    public HttpClient Client { get; private set; } = null!;

    public string Collection { get; } = $"content-{Guid.NewGuid():N}";

    public HttpResponseMessage IngestResponse { get; private set; } = null!;

    public JsonElement IngestBody { get; private set; }

    public async Task InitializeAsync()
    {
        Gateway = await EmbeddedGateway.StartAsync(_dataDirectory, $"--Ums:Ingest:DataRoot={TestPaths.GroceryDataset}", "--Ums:Encoding:Device=cpu");
        Client = new HttpClient { BaseAddress = Gateway.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        using (var created = await Client.PutAsync($"/collections/{Collection}", EmbeddedGatewayFixture.Json("""{"shards": 2, "model": "default"}""")))
        {
            created.EnsureSuccessStatusCode();
        }
        object Base64(string id) => new { id, title = GroceryLines.Field(id, "title"), category = GroceryLines.Field(id, "category"), image = Convert.ToBase64String(File.ReadAllBytes(GroceryLines.ImagePath(id))) };
        object ByPath(string id, string path) => new { id, title = GroceryLines.Field(id, "title"), category = GroceryLines.Field(id, "category"), imagePath = path };
        var products = new object[]
        {
            Base64(Oatly),
            Base64(Banana),
            Base64(Juice),
            ByPath(Arla, GroceryLines.Field(Arla, "image")),
            ByPath(Carrots, GroceryLines.Field(Carrots, "image")),
            new { id = "bad-base64", image = "not base64 at all!" },
            new { id = "not-an-image", image = Convert.ToBase64String("hello, not a photo"u8.ToArray()) },
            new { id = "climbs-out", imagePath = "images/../../etc/hostname" },
            new { id = "absolute-outside", imagePath = "/etc/hostname" },
            new { id = TextOnly, title = "Plain yoghurt", category = "Yoghurt", description = "Mild and creamy." },
        };
        IngestResponse = await Client.PostAsJsonAsync($"/collections/{Collection}/products", new { products });
        IngestBody = JsonDocument.Parse(await IngestResponse.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        IngestResponse.Dispose();
        Client.Dispose();
        await Gateway.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}

/// <summary>The content tests and the console tests share one gateway with the ingested grocery products.</summary>
[CollectionDefinition(Name)]
public sealed class ContentGatewayCollection : ICollectionFixture<ContentGatewayFixture>
{
    public const string Name = "content-gateway";
}
