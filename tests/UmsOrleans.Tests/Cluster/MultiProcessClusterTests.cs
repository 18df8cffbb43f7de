using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Cluster;

/// <summary>
/// The cluster as README describes it: three Silo processes with membership in Redis and the catalog in
/// PostgreSQL, and a Gateway process as an Orleans client. One silo is killed; every acknowledged product
/// comes back on the others (with one replica per shard, after a gap; with two, without one: see
/// <see cref="ReplicaSiloLossTests"/>).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MultiProcessClusterTests(PostgresServer postgres)
{
    [Fact]
    public async Task Three_silos_and_a_client_gateway_survive_the_loss_of_a_silo()
    {
        await using var cluster = await ProcessCluster.StartAsync(postgres, 3);
        var client = cluster.Client;

        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync("/collections/cluster", EmbeddedGatewayFixture.Json("""{"shards": 9, "spaces": {"image": 4}}"""))).StatusCode);
        var random = new Random(3);
        var products = string.Join(",", Enumerable.Range(0, 180).Select(i =>
            $$$"""{"id": "sku-{{{i}}}", "vectors": {"image": [{{{string.Join(",", RandomVectors.Unit(random, 4).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}}}]}}"""));
        using (var upsert = await client.PostAsync("/collections/cluster/products", EmbeddedGatewayFixture.Json($$"""{"products": [{{products}}]}""")))
        {
            Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
        }

        var shardSilos = await ShardSilosAsync(client);
        Assert.True(shardSilos.Distinct().Count() > 1, $"all shards landed on one silo: {string.Join(", ", shardSilos)}");

        // Kill the silo process that hosts shard 0.
        var victim = cluster.SiloAt(shardSilos[0]);
        await cluster.KillAsync(victim);

        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            using var search = await client.PostAsync("/collections/cluster/search", EmbeddedGatewayFixture.Json("""{"vectors": {"image": [1, 0, 0, 0]}, "k": 1000}"""));
            var body = await search.Content.ReadAsStringAsync();
            if (search.StatusCode == HttpStatusCode.OK)
            {
                using var result = JsonDocument.Parse(body);
                if (!result.RootElement.GetProperty("partial").GetBoolean())
                {
                    Assert.Equal(180, result.RootElement.GetProperty("hits").GetArrayLength());
                    break;
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"the cluster did not recover within 120 s; last answer {search.StatusCode}: {body}");
            await Task.Delay(500);
        }
        var after = await ShardSilosAsync(client);
        Assert.DoesNotContain(after, s => s.Contains($"127.0.0.1:{victim.Port}:", StringComparison.Ordinal));
    }

    private static async Task<List<string>> ShardSilosAsync(HttpClient client)
    {
        using var collection = JsonDocument.Parse(await client.GetStringAsync("/collections/cluster"));
        return collection.RootElement.GetProperty("perShard").EnumerateArray().Select(s => s.GetProperty("silo").GetString()!).ToList();
    }
}
