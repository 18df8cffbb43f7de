using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Reliability;

/// <summary>
/// A client names models only by a configured name or a model of the models folder: any other server path is
/// refused with one message, whether or not it exists. The operator's command line may still give paths.
/// </summary>
public sealed class ModelReferenceTests : IDisposable
{
    private readonly string _folder = TestPaths.NewTempDirectory("models");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ManifestRegistry Registry(string? modelsDirectory = null) =>
        new(Options.Create(new EncodingOptions { ModelsDirectory = modelsDirectory }));

    private string CopyDefaultManifest(string folder)
    {
        Directory.CreateDirectory(folder);
        File.Copy(ManifestRegistry.DefaultManifestPath, Path.Combine(folder, "manifest.json"));
        return Path.Combine(folder, "manifest.json");
    }

    [Fact]
    public void A_requested_server_path_is_refused_with_the_same_message_whether_it_exists_or_not()
    {
        var existing = CopyDefaultManifest(Path.Combine(_folder, "outside"));
        var registry = Registry();

        string Refusal(string model) => Assert.Throws<InvalidManifestException>(() => registry.ResolveRequested(model)).Message.Replace(model, "<model>");

        var refusals = new[] { existing, Path.GetDirectoryName(existing)!, "/etc", "/etc/passwd", "/no/such/folder", "/no/such/manifest.json", "../../etc" }
            .Select(Refusal).Distinct().ToList();
        Assert.Single(refusals);
        Assert.Equal(ModelManifestReader.Read(existing).Name, registry.Resolve(existing).Name); // the command line may
    }

    [Fact]
    public void A_model_of_the_models_folder_is_found_by_its_path_inside_it_and_cannot_climb_out()
    {
        var models = Path.Combine(_folder, "models");
        CopyDefaultManifest(Path.Combine(models, "shoes"));
        var outside = CopyDefaultManifest(Path.Combine(_folder, "secret"));
        File.CreateSymbolicLink(Path.Combine(models, "link"), Path.GetDirectoryName(outside)!);
        var registry = Registry(models);

        Assert.NotNull(registry.ResolveRequested("shoes"));
        Assert.NotNull(registry.ResolveRequested("shoes/manifest.json"));
        Assert.NotNull(registry.Resolve("shoes")); // how a stored collection's model is found again
        Assert.NotNull(registry.ResolveRequested(ManifestRegistry.DefaultModel));
        foreach (var refused in new[] { "../secret", "shoes/../../secret", "link", outside, "missing" })
        {
            var exception = Assert.Throws<InvalidManifestException>(() => registry.ResolveRequested(refused));
            Assert.DoesNotContain(_folder, exception.Message.Replace(refused, "<model>")); // only the client's own words come back
        }
    }

    [Fact]
    public void A_configured_name_is_found_whatever_its_path()
    {
        var path = CopyDefaultManifest(Path.Combine(_folder, "named"));
        var registry = new ManifestRegistry(Options.Create(new EncodingOptions { Models = { ["named"] = path } }));

        Assert.NotNull(registry.ResolveRequested("named"));
    }
}

/// <summary>The same rule over HTTP: collections and evaluations.</summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class ModelReferenceHttpTests(EmbeddedGatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    public static TheoryData<string> ServerPaths() => [ManifestRegistry.DefaultManifestPath, "/etc", "/tmp", "/no/such/folder", "/etc/passwd.json"];

    [Theory]
    [MemberData(nameof(ServerPaths))]
    public async Task A_collection_cannot_name_a_server_path_as_its_model(string path)
    {
        using var response = await Client.PutAsync($"/collections/paths-{Guid.NewGuid():N}",
            EmbeddedGatewayFixture.Json(JsonSerializer.Serialize(new { shards = 1, model = path })));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(await RefusalAsync("/no/such/folder"), (await DetailAsync(response)).Replace(path, "<model>"));
    }

    [Theory]
    [MemberData(nameof(ServerPaths))]
    public async Task An_evaluation_cannot_name_a_server_path_as_its_model(string path)
    {
        var data = $"eval-{Guid.NewGuid():N}";
        Directory.CreateDirectory(Path.Combine(fixture.DatasetsDirectory, data));

        using var response = await Client.PostAsync("/evaluations",
            EmbeddedGatewayFixture.Json(JsonSerializer.Serialize(new { task = "catalog", data, model = path })));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("model", JsonDocument.Parse(body).RootElement.GetProperty("field").GetString());
    }

    private async Task<string> RefusalAsync(string model)
    {
        using var response = await Client.PutAsync($"/collections/paths-{Guid.NewGuid():N}",
            EmbeddedGatewayFixture.Json(JsonSerializer.Serialize(new { shards = 1, model })));
        return (await DetailAsync(response)).Replace(model, "<model>");
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
}
