using System.Net;
using UmsOrleans.Tests.Security;
using static UmsOrleans.Tests.Security.KeyedGatewayFixture;

namespace UmsOrleans.Tests.Observability;

/// <summary>With keys configured, <c>/metrics</c> follows the API-key rules: a GET, so a search key reads it.</summary>
[Collection(KeyedGatewayCollection.Name)]
public sealed class MetricsAuthorizationTests(KeyedGatewayFixture gateway)
{
    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(SearchKey, HttpStatusCode.OK)]
    [InlineData(AdminKey, HttpStatusCode.OK)]
    public async Task Metrics_need_a_search_or_admin_key(string? key, HttpStatusCode expected)
    {
        using var response = await gateway.Client.SendAsync(Request(HttpMethod.Get, "/metrics", key));

        Assert.Equal(expected, response.StatusCode);
    }
}
