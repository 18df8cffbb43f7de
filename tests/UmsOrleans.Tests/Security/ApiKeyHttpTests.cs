using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Support;
using static UmsOrleans.Tests.Security.KeyedGatewayFixture;

namespace UmsOrleans.Tests.Security;

/// <summary>With keys configured: who may read, who may write, and what a refused request is told.</summary>
[Collection(KeyedGatewayCollection.Name)]
public sealed class ApiKeyHttpTests(KeyedGatewayFixture gateway)
{
    private const string WrongKey = "not-a-configured-key-at-all";

    private HttpClient Client => gateway.Client;

    [Fact]
    public async Task Healthz_needs_no_key()
    {
        using var response = await Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null, "an API key is required")]
    [InlineData(WrongKey, "the API key is not known")]
    public async Task A_missing_or_unknown_key_is_a_401_problem_asking_for_a_bearer_key(string? key, string detail)
    {
        using var response = await Client.SendAsync(Request(HttpMethod.Get, "/collections", key));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        var body = await response.Content.ReadAsStringAsync();
        var problem = await AssertProblemAsync(response, 401, "Authorization");
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
        Assert.DoesNotContain(WrongKey, body);
    }

    [Fact]
    public async Task A_search_key_cannot_write_403_but_an_admin_key_can()
    {
        var name = $"keys-{Guid.NewGuid():N}";
        using (var refused = await Client.SendAsync(Request(HttpMethod.Put, $"/collections/{name}", SearchKey, EmbeddedGatewayFixture.Json("""{"shards": 1, "spaces": {"image": 4}}"""))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            var problem = await AssertProblemAsync(refused, 403, "Authorization");
            Assert.Contains("'shop'", problem.GetProperty("detail").GetString());
            Assert.DoesNotContain(SearchKey, problem.GetRawText());
        }
        using (var created = await Client.SendAsync(Request(HttpMethod.Put, $"/collections/{name}", AdminKey, EmbeddedGatewayFixture.Json("""{"shards": 1, "spaces": {"image": 4}}"""))))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using (var deleteRefused = await Client.SendAsync(Request(HttpMethod.Delete, $"/collections/{name}", SearchKey)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, deleteRefused.StatusCode);
        }
        using var evaluation = await Client.SendAsync(Request(HttpMethod.Post, "/evaluations", SearchKey, EmbeddedGatewayFixture.Json("{}")));
        Assert.Equal(HttpStatusCode.Forbidden, evaluation.StatusCode);
    }

    [Fact]
    public async Task A_search_key_can_read_and_search_by_either_header()
    {
        var name = await gateway.CollectionWithOneProductAsync("keys-search");

        using var list = await Client.SendAsync(Request(HttpMethod.Get, "/collections", SearchKey));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var product = await Client.SendAsync(Request(HttpMethod.Get, $"/collections/{name}/products/p1", SearchKey));
        Assert.Equal(HttpStatusCode.OK, product.StatusCode);
        var search = Request(HttpMethod.Post, $"/collections/{name}/search", key: null, EmbeddedGatewayFixture.Json("""{"vectors": {"image": [1, 0, 0, 0]}, "k": 3}"""));
        search.Headers.Add("api-key", SearchKey);
        using var found = await Client.SendAsync(search);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        using var hits = JsonDocument.Parse(await found.Content.ReadAsStringAsync());
        Assert.Equal("p1", hits.RootElement.GetProperty("hits")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_console_opens_without_a_key_with_headers_that_forbid_framing_and_foreign_scripts()
    {
        foreach (var path in new[] { "/console/", "/console/console.js", "/console/console.css" })
        {
            using var response = await Client.GetAsync(path);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("script-src 'self'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    [Fact]
    public async Task No_key_reaches_the_log()
    {
        using (await Client.SendAsync(Request(HttpMethod.Get, "/collections", WrongKey))) { }
        using (await Client.SendAsync(Request(HttpMethod.Put, $"/collections/log-{Guid.NewGuid():N}", SearchKey, EmbeddedGatewayFixture.Json("{}")))) { }

        var output = gateway.Gateway.Output;
        Assert.Contains("API keys required on every endpoint but /healthz: 1 admin, 1 search", output);
        Assert.DoesNotContain(AdminKey, output);
        Assert.DoesNotContain(SearchKey, output);
        Assert.DoesNotContain(WrongKey, output);
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status, string field)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var problem = document.RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        return problem;
    }
}
