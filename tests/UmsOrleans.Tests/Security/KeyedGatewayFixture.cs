using System.Net.Http.Headers;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Security;

/// <summary>The real program with an admin and a search key configured, shared by the API key tests.</summary>
public sealed class KeyedGatewayFixture : IAsyncLifetime
{
    public const string AdminKey = "admin-key-0123456789abcdef";
    public const string SearchKey = "search-key-0123456789abcdef";

    private readonly string _dataDirectory = TestPaths.NewTempDirectory("keyed-gateway");

    public EmbeddedGateway Gateway { get; private set; } = null!;

    /// <summary>Sends no key.</summary>
    public HttpClient Client => Gateway.Client;

    public async Task InitializeAsync() =>
        Gateway = await EmbeddedGateway.StartAsync(_dataDirectory,
            "--Ums:Security:ApiKeys:ops:Key=" + AdminKey, "--Ums:Security:ApiKeys:ops:Role=admin",
            "--Ums:Security:ApiKeys:shop:Key=" + SearchKey, "--Ums:Security:ApiKeys:shop:Role=search");

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    /// <summary>A collection with image space of 4 and one product, written with the admin key.</summary>
    public async Task<string> CollectionWithOneProductAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        using (var created = await Client.SendAsync(Request(HttpMethod.Put, $"/collections/{name}", AdminKey, EmbeddedGatewayFixture.Json("""{"shards": 1, "spaces": {"image": 4}}"""))))
        {
            created.EnsureSuccessStatusCode();
        }
        using var upsert = await Client.SendAsync(Request(HttpMethod.Post, $"/collections/{name}/products", AdminKey,
            EmbeddedGatewayFixture.Json("""{"products": [{"id": "p1", "title": "Oat milk", "vectors": {"image": [1, 0, 0, 0]}}]}""")));
        upsert.EnsureSuccessStatusCode();
        return name;
    }
}

[CollectionDefinition(Name)]
public sealed class KeyedGatewayCollection : ICollectionFixture<KeyedGatewayFixture>
{
    public const string Name = "keyed-gateway";
}
