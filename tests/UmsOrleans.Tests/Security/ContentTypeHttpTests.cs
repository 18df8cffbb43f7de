using System.Net;
using System.Text;
using static UmsOrleans.Tests.Security.KeyedGatewayFixture;

namespace UmsOrleans.Tests.Security;

/// <summary>
/// A write must say it sends JSON (or multipart where uploads are taken): what a cross-site form can send
/// without a preflight (text/plain, form-urlencoded) is a 415 problem and writes nothing.
/// </summary>
[Collection(KeyedGatewayCollection.Name)]
public sealed class ContentTypeHttpTests(KeyedGatewayFixture gateway)
{
    public static TheoryData<string> FormTypes => new() { "text/plain", "application/x-www-form-urlencoded" };

    [Theory]
    [MemberData(nameof(FormTypes))]
    public async Task A_form_post_to_a_write_is_a_415_problem_and_writes_nothing(string mediaType)
    {
        var name = $"form-{Guid.NewGuid():N}";
        using var created = await gateway.Client.SendAsync(Request(HttpMethod.Put, $"/collections/{name}", AdminKey,
            new StringContent("""{"shards": 1, "spaces": {"image": 4}}""", Encoding.UTF8, mediaType)));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, created.StatusCode);
        var problem = await ApiKeyHttpTests.AssertProblemAsync(created, 415, "Content-Type");
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
        using var missing = await gateway.Client.SendAsync(Request(HttpMethod.Get, $"/collections/{name}", AdminKey));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        foreach (var path in new[] { $"/collections/{name}/products", $"/collections/{name}/search", "/evaluations", $"/collections/{name}/ingest", "/evaluations/any/cancel" })
        {
            using var post = await gateway.Client.SendAsync(Request(HttpMethod.Post, path, AdminKey, new StringContent("{}", Encoding.UTF8, mediaType)));
            Assert.True(post.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{path}: {post.StatusCode}");
        }
    }

    [Fact]
    public async Task Multipart_stays_accepted_where_uploads_are_and_a_bodyless_write_needs_no_content_type()
    {
        var name = await gateway.CollectionWithOneProductAsync("multipart");
        using var form = new MultipartFormDataContent { { new StringContent("p2"), "id" }, { new StringContent("Second"), "title" } };

        using var upload = await gateway.Client.SendAsync(Request(HttpMethod.Post, $"/collections/{name}/products", AdminKey, form));
        Assert.True(upload.IsSuccessStatusCode, $"{upload.StatusCode}: {await upload.Content.ReadAsStringAsync()}");

        using var multipartCreate = await gateway.Client.SendAsync(Request(HttpMethod.Put, $"/collections/other-{Guid.NewGuid():N}", AdminKey,
            new MultipartFormDataContent { { new StringContent("1"), "shards" } }));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, multipartCreate.StatusCode);

        using var deleted = await gateway.Client.SendAsync(Request(HttpMethod.Delete, $"/collections/{name}/products/p2", AdminKey));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }
}
