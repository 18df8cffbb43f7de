using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Http;

/// <summary>The OpenAPI document describes each endpoint's answers from its typed results and named problems.</summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class OpenApiTests(EmbeddedGatewayFixture fixture)
{
    [Theory]
    [InlineData("/collections/{name}", "put", "CreateCollection", "200 201 400 409 413")]
    [InlineData("/collections/{name}/products", "post", "UpsertProducts", "200 400 404 413 507")]
    [InlineData("/collections/{name}/products/{id}", "get", "GetProduct", "200 400 404")]
    [InlineData("/collections/{name}/search", "post", "Search", "200 400 404 413")]
    [InlineData("/evaluations", "post", "StartEvaluation", "202 400 413")]
    [InlineData("/collections/{name}/ingest", "post", "StartIngestion", "202 400 404 413")]
    public async Task Every_route_is_named_tagged_and_lists_its_answers(string path, string method, string name, string statuses)
    {
        using var document = JsonDocument.Parse(await fixture.Client.GetStringAsync("/openapi/v1.json"));
        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.Equal(name, operation.GetProperty("operationId").GetString());
        Assert.NotEmpty(operation.GetProperty("tags").EnumerateArray());
        var responses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet();
        Assert.Superset(statuses.Split(' ').ToHashSet(), responses);
    }
}
