using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Reliability;

/// <summary>
/// Redis, holding the cluster's membership, restarts empty (FLUSHALL here) under three running silo processes
/// and a client gateway: the silos put the table back by themselves, the gateway is healthy and answers whole
/// searches again, and a new client gateway can join.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RedisRestartTests(PostgresServer postgres)
{
    private const int Products = 60;
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Silos_restore_the_membership_table_after_redis_loses_it()
    {
        await using var redis = await RedisServer.StartAsync();
        var clusterId = $"test-{Guid.NewGuid():N}";
        var catalog = await postgres.CreateDatabaseAsync($"redis_restart_{Guid.NewGuid():N}");
        string[] common =
        [
            $"--Ums:Cluster:Redis={redis.ConnectionString}",
            $"--Ums:Cluster:ClusterId={clusterId}",
            "--Ums:Catalog:Provider=Postgres",
            $"--Ums:Catalog:PostgresConnectionString={catalog}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:UmsOrleans=Information",
        ];
        var processes = new List<ServiceProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                processes.Add(ServiceProcess.Start("Silo", [.. common, $"--Ums:Cluster:SiloPort={ExternalProcess.FreeTcpPort()}", $"--Ums:Cluster:GatewayPort={ExternalProcess.FreeTcpPort()}"]));
            }
            var (gateway, client) = StartGateway(common, processes);
            using var _ = client;
            await gateway.WaitUntilHealthyAsync(client, "/healthz", TimeSpan.FromSeconds(120));
            await WaitForActiveSilosAsync(client, 3, processes);
            await LoadProductsAsync(client);
            await AssertWholeSearchAsync(client);

            // The table is gone now; a silo may restore it before any check here could see it missing, so the proof
            // that it was lost and restored is the silo's own report, asserted below.
            await redis.FlushAllAsync();

            await Poll.UntilAsync(() => redis.HashFieldExistsAsync($"ums-orleans/members/{clusterId}", "Version"), exists => exists, RecoveryLimit,
                _ => $"the membership table was not restored\n{Outputs(processes)}", TimeSpan.FromMilliseconds(500));
            // The report may reach the captured output a moment after the write it reports.
            await Poll.UntilAsync(() => Task.FromResult(processes.Any(p => p.Output.Contains("wrote back its last copy", StringComparison.Ordinal))), reported => reported,
                RecoveryLimit, _ => $"no silo reported writing the membership table back\n{Outputs(processes)}", TimeSpan.FromMilliseconds(200));
            await gateway.WaitUntilHealthyAsync(client, "/healthz", RecoveryLimit);
            await AssertWholeSearchAsync(client);

            var (newGateway, newClient) = StartGateway(common, processes);
            using var __ = newClient;
            await newGateway.WaitUntilHealthyAsync(newClient, "/healthz", RecoveryLimit);
            await WaitForActiveSilosAsync(newClient, 3, processes);
            await AssertWholeSearchAsync(newClient);
        }
        finally
        {
            foreach (var process in processes) await process.DisposeAsync();
        }
    }

    private static (ServiceProcess Gateway, HttpClient Client) StartGateway(string[] common, List<ServiceProcess> processes)
    {
        var port = ExternalProcess.FreeTcpPort();
        var gateway = ServiceProcess.Start("Gateway", [.. common, "--Ums:Gateway:Mode=Client", "--urls", $"http://127.0.0.1:{port}"]);
        processes.Add(gateway);
        return (gateway, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) });
    }

    private static async Task LoadProductsAsync(HttpClient client)
    {
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync("/collections/restart", EmbeddedGatewayFixture.Json("""{"shards": 6, "spaces": {"image": 4}}"""))).StatusCode);
        var random = new Random(5);
        var products = string.Join(",", Enumerable.Range(0, Products).Select(i =>
            $$$"""{"id": "sku-{{{i}}}", "vectors": {"image": [{{{string.Join(",", RandomVectors.Unit(random, 4).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}}}]}}"""));
        using var upsert = await client.PostAsync("/collections/restart/products", EmbeddedGatewayFixture.Json($$"""{"products": [{{products}}]}"""));
        Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
    }

    private static async Task AssertWholeSearchAsync(HttpClient client)
    {
        using var search = await client.PostAsync("/collections/restart/search", EmbeddedGatewayFixture.Json("""{"vectors": {"image": [1, 0, 0, 0]}, "k": 1000}"""));
        var body = await search.Content.ReadAsStringAsync();
        Assert.True(search.StatusCode == HttpStatusCode.OK, $"search answered {search.StatusCode}: {body}");
        using var result = JsonDocument.Parse(body);
        Assert.False(result.RootElement.GetProperty("partial").GetBoolean(), body);
        Assert.Equal(Products, result.RootElement.GetProperty("hits").GetArrayLength());
    }

    private static async Task WaitForActiveSilosAsync(HttpClient client, int expected, IEnumerable<ServiceProcess> processes)
    {
        await Poll.UntilAsync(async () => await client.GetStringAsync("/healthz"),
            health => JsonDocument.Parse(health).RootElement.GetProperty("checks").GetProperty("cluster").GetProperty("data").TryGetProperty("activeSilos", out var silos) && silos.GetInt32() == expected,
            TimeSpan.FromSeconds(120), health => $"{expected} silos did not join; health: {health}\n{Outputs(processes)}", TimeSpan.FromMilliseconds(500));
    }

    private static string Outputs(IEnumerable<ServiceProcess> processes) => string.Join("\n---\n", processes.Select(p => p.Output));
}
