using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Reliability;

/// <summary>
/// Problem bodies speak the API's language: a JSON type error names the path and what was expected, never a
/// .NET type, and no error names a folder of the server.
/// </summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class ProblemWordingTests(EmbeddedGatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Theory]
    [InlineData("[1, 2]", "$", "must be an object")]
    [InlineData("""{"products": {"id": "a"}}""", "$.products", "must be an array")]
    [InlineData("""{"products": [{"id": 7}]}""", "$.products[0].id", "must be a string")]
    [InlineData("""{"products": [{"id": "a", "vectors": {"image": "x"}}]}""", "products[0].vectors.image", "must be an array")]
    [InlineData("""{"products": [{"id": "a", "vectors": {"image": ["x"]}}]}""", "products[0].vectors.image[0]", "must be a number")]
    [InlineData("""{"products": [{"id": "a", "colour": "red"}]}""", "$.products[0]", "'colour' is not a field")]
    public async Task A_json_type_error_names_the_path_and_the_expected_kind_not_a_dotnet_type(string json, string field, string expected)
    {
        var name = await fixture.CreateCollectionAsync("wording");

        using var response = await Client.PostAsync($"/collections/{name}/products", EmbeddedGatewayFixture.Json(json));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.DoesNotContain("UmsOrleans.", body);
        Assert.DoesNotContain("System.", body);
        using var problem = JsonDocument.Parse(body);
        Assert.StartsWith(field, problem.RootElement.GetProperty("field").GetString());
        Assert.Contains(expected, problem.RootElement.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("""{"shards": "four", "spaces": {"image": 4}}""")]
    [InlineData("""{"shards": 2, "spaces": {"image": 4.5}}""")]
    [InlineData("""{"shards": 2, "spaces": [4]}""")]
    [InlineData("""{"shards": 2, "model": 3}""")]
    public async Task Collection_settings_of_the_wrong_type_name_no_dotnet_type(string json)
    {
        using var response = await Client.PutAsync($"/collections/wording-{Guid.NewGuid():N}", EmbeddedGatewayFixture.Json(json));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("UmsOrleans.", body);
        Assert.DoesNotContain("System.", body);
    }

    [Fact]
    public async Task Path_errors_name_the_data_root_without_its_location()
    {
        var name = $"wording-{Guid.NewGuid():N}";
        (await Client.PutAsync($"/collections/{name}", EmbeddedGatewayFixture.Json("""{"shards": 1, "model": "default"}"""))).EnsureSuccessStatusCode();
        Directory.CreateDirectory(Path.Combine(fixture.DatasetsDirectory, "empty"));
        var bodies = new List<string>();
        async Task Collect(Task<HttpResponseMessage> call)
        {
            using var response = await call;
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
            bodies.Add(body);
        }

        await Collect(Client.PostAsync("/evaluations", EmbeddedGatewayFixture.Json("""{"task": "catalog", "data": "no-such-dataset"}""")));
        await Collect(Client.PostAsync("/evaluations", EmbeddedGatewayFixture.Json("""{"task": "catalog", "data": "../.."}""")));
        await Collect(Client.PostAsync("/evaluations", EmbeddedGatewayFixture.Json("""{"task": "catalog", "data": "empty", "model": "/etc"}""")));
        await Collect(Client.PostAsync($"/collections/{name}/ingest", EmbeddedGatewayFixture.Json("""{"catalog": "no-such.jsonl"}""")));
        await Collect(Client.PostAsync($"/collections/{name}/ingest", EmbeddedGatewayFixture.Json("""{"catalog": "/etc/hostname"}""")));
        await Collect(Client.PostAsync($"/collections/{name}/products", EmbeddedGatewayFixture.Json("""{"products": [{"id": "a", "imagePath": "nope.jpg"}]}""")));
        await Collect(Client.PutAsync($"/collections/{name}-m", EmbeddedGatewayFixture.Json("""{"shards": 1, "model": "/etc/hostname.json"}""")));

        foreach (var body in bodies)
        {
            Assert.DoesNotContain(fixture.Gateway.DataDirectory, body);
            Assert.DoesNotContain(Path.GetTempPath(), body);
            Assert.DoesNotContain(AppContext.BaseDirectory, body);
        }
    }
}
