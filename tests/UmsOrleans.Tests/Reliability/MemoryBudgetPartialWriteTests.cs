using System.Net;
using System.Text.Json;
using UmsOrleans.Engine.Routing;
using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Reliability;

/// <summary>
/// The real program with a small memory budget. Shards commit on their own, so a batch that meets the budget is
/// answered per item (207), and a shard that cannot load is named by /healthz and answered with a 507.
/// </summary>
public sealed class MemoryBudgetPartialWriteTests
{
    private const int Dim = 512;
    private const int BlockBytes = VectorColumn.BlockRows * Dim * sizeof(float);
    private const string Setting = "Ums:Memory:BudgetBytes";

    [Fact]
    public async Task A_batch_that_partly_fits_is_a_207_saying_which_items_were_committed_and_those_are_stored()
    {
        var data = TestPaths.NewTempDirectory("budget-partial");
        try
        {
            // Two blocks (and room for the products' attribute and keyword structures) for four shards: the first two
            // shards to reserve commit, the other two are refused.
            await using var gateway = await EmbeddedGateway.StartAsync(data, $"--{Setting}={2 * BlockBytes + 64 * 1024}");
            var client = gateway.Client;
            using var created = await client.PutAsync("/collections/half", EmbeddedGatewayFixture.Json($$$"""{"shards": 4, "spaces": {"image": {{{Dim}}}}}"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var ids = Enumerable.Range(0, 40).Select(i => $"p{i}").ToList();
            Assert.Equal(4, ids.Select(id => ShardRouter.ShardOf(id, 4)).Distinct().Count());

            using var response = await client.PostAsync("/collections/half/products", EmbeddedGatewayFixture.Json(Batch(ids)));

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.MultiStatus, body);
            using var answer = JsonDocument.Parse(body);
            var items = answer.RootElement.GetProperty("items").EnumerateArray()
                .ToDictionary(i => i.GetProperty("id").GetString()!, i => i);
            var committed = items.Where(i => i.Value.GetProperty("status").GetString() == "committed").Select(i => i.Key).ToHashSet();
            Assert.Equal(2, committed.Select(id => ShardRouter.ShardOf(id, 4)).Distinct().Count());
            Assert.Equal(committed.Count, answer.RootElement.GetProperty("committed").GetInt32());
            Assert.Equal(ids.Count - committed.Count, answer.RootElement.GetProperty("failed").GetInt32());
            foreach (var id in ids)
            {
                using var get = await client.GetAsync($"/collections/half/products/{id}");
                if (committed.Contains(id))
                {
                    Assert.Equal(HttpStatusCode.OK, get.StatusCode);
                }
                else
                {
                    Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
                    Assert.Contains(Setting, items[id].GetProperty("error").GetProperty("message").GetString());
                }
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_shard_that_cannot_load_within_the_budget_makes_healthz_unhealthy_naming_it_and_its_reads_are_507()
    {
        var data = TestPaths.NewTempDirectory("budget-load");
        try
        {
            await using (var roomy = await EmbeddedGateway.StartAsync(data))
            {
                using var created = await roomy.Client.PutAsync("/collections/big", EmbeddedGatewayFixture.Json($$$"""{"shards": 1, "spaces": {"image": {{{Dim}}}}}"""));
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                using var written = await roomy.Client.PostAsync("/collections/big/products", EmbeddedGatewayFixture.Json(Batch(["p1"])));
                Assert.Equal(HttpStatusCode.OK, written.StatusCode);
            }

            // The same catalog with half a block: the shard's one product no longer fits.
            var httpPort = ExternalProcess.FreeTcpPort();
            await using var process = ServiceProcess.Start("Gateway", [
                "--urls", $"http://127.0.0.1:{httpPort}",
                $"--Ums:Catalog:DataDirectory={data}",
                $"--Ums:Cluster:SiloPort={ExternalProcess.FreeTcpPort()}",
                $"--Ums:Cluster:GatewayPort={ExternalProcess.FreeTcpPort()}",
                $"--{Setting}={BlockBytes / 2}",
            ]);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(60) };
            // It never becomes healthy: wait until /healthz says why (before that, the silo is still starting).
            var (status, healthBody) = await Poll.UntilAsync(async () =>
            {
                try
                {
                    using var health = await client.GetAsync("/healthz");
                    return (health.StatusCode, await health.Content.ReadAsStringAsync());
                }
                catch (HttpRequestException)
                {
                    return (default(HttpStatusCode), "not listening yet");
                }
            }, r => r.Item2.Contains("memory budget", StringComparison.Ordinal), TimeSpan.FromSeconds(90), r => $"{r.Item2}\n{process.Output}", TimeSpan.FromMilliseconds(250));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            using var report = JsonDocument.Parse(healthBody);
            var description = report.RootElement.GetProperty("checks").GetProperty("cluster").GetProperty("description").GetString();
            Assert.Contains("shard 0 of collection 'big'", description);
            Assert.Contains(Setting, description);

            using var get = await client.GetAsync("/collections/big/products/p1");
            var getBody = await get.Content.ReadAsStringAsync();
            Assert.True(get.StatusCode == HttpStatusCode.InsufficientStorage, getBody);
            using var problem = JsonDocument.Parse(getBody);
            Assert.Contains("shard 0 of collection 'big'", problem.RootElement.GetProperty("detail").GetString());
            Assert.Equal(Setting, problem.RootElement.GetProperty("setting").GetString());

            using var list = await client.GetAsync("/collections");
            var listBody = await list.Content.ReadAsStringAsync();
            Assert.True(list.StatusCode == HttpStatusCode.InsufficientStorage, listBody);
            using var listProblem = JsonDocument.Parse(listBody);
            Assert.Equal(Setting, listProblem.RootElement.GetProperty("setting").GetString());
            Assert.Contains(Setting, listProblem.RootElement.GetProperty("detail").GetString());
            Assert.DoesNotContain("Exception", listBody);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static string Batch(IEnumerable<string> ids)
    {
        var vector = string.Join(",", Enumerable.Repeat("0.5", Dim));
        var products = ids.Select(id => $$$"""{"id": "{{{id}}}", "vectors": {"image": [{{{vector}}}]}}""");
        return $$"""{"products": [{{string.Join(",", products)}}]}""";
    }
}
