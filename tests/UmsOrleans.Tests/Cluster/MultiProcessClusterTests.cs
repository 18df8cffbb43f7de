using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Cluster;

/// <summary>
/// The cluster as README describes it: three Silo processes with membership in Redis and the catalog in
/// PostgreSQL, and a Gateway process as an Orleans client. One silo is killed; every acknowledged product
/// comes back on the others.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MultiProcessClusterTests(PostgresServer postgres)
{
    [Fact]
    public async Task Three_silos_and_a_client_gateway_survive_the_loss_of_a_silo()
    {
        await using var redis = await RedisServer.StartAsync();
        var catalog = await postgres.CreateDatabaseAsync($"cluster_{Guid.NewGuid():N}");
        string[] common =
        [
            $"--Ums:Cluster:Redis={redis.ConnectionString}",
            $"--Ums:Cluster:ClusterId=test-{Guid.NewGuid():N}",
            "--Ums:Catalog:Provider=Postgres",
            $"--Ums:Catalog:PostgresConnectionString={catalog}",
            // Declare a killed silo dead in seconds rather than the production default.
            "--Ums:Cluster:Membership:ProbeTimeout=00:00:01",
            "--Ums:Cluster:Membership:NumMissedProbesLimit=2",
            "--Ums:Cluster:Membership:NumVotesForDeathDeclaration=1",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:UmsOrleans=Information",
        ];
        var silos = new List<(ServiceProcess Process, int Port)>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var port = ExternalProcess.FreeTcpPort();
                silos.Add((ServiceProcess.Start("Silo", [.. common, $"--Ums:Cluster:SiloPort={port}", $"--Ums:Cluster:GatewayPort={ExternalProcess.FreeTcpPort()}"]), port));
            }
            var httpPort = ExternalProcess.FreeTcpPort();
            await using var gateway = ServiceProcess.Start("Gateway", [.. common, "--Ums:Gateway:Mode=Client", "--urls", $"http://127.0.0.1:{httpPort}"]);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(60) };
            await gateway.WaitUntilHealthyAsync(client, "/healthz", TimeSpan.FromSeconds(120));
            await WaitForActiveSilosAsync(client, 3, silos.Select(s => s.Process));

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

            // Kill the silo process that hosts shard 0 (a lost machine: no graceful shutdown).
            var victim = silos.Single(s => shardSilos[0].Contains($"127.0.0.1:{s.Port}:", StringComparison.Ordinal));
            await victim.Process.DisposeAsync();
            silos.Remove(victim);

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
        finally
        {
            foreach (var silo in silos) await silo.Process.DisposeAsync();
        }
    }

    private static async Task WaitForActiveSilosAsync(HttpClient client, int expected, IEnumerable<ServiceProcess> silos)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await client.GetStringAsync("/healthz");
            using var health = JsonDocument.Parse(last);
            if (health.RootElement.GetProperty("checks").GetProperty("cluster").GetProperty("data").GetProperty("activeSilos").GetInt32() == expected) return;
            await Task.Delay(500);
        }
        throw new TimeoutException($"{expected} silos did not join within 120 s; health: {last}\n{string.Join("\n---\n", silos.Select(s => s.Output))}");
    }

    private static async Task<List<string>> ShardSilosAsync(HttpClient client)
    {
        using var collection = JsonDocument.Parse(await client.GetStringAsync("/collections/cluster"));
        return collection.RootElement.GetProperty("perShard").EnumerateArray().Select(s => s.GetProperty("silo").GetString()!).ToList();
    }
}
