using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Cluster;

/// <summary>
/// Silo processes with membership in Redis and the catalog in PostgreSQL, and a Gateway process as an Orleans client on a
/// loopback port, as README's "Running a cluster" describes; membership declares a killed silo dead within seconds.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    private readonly RedisServer _redis;

    private ProcessCluster(RedisServer redis, List<(ServiceProcess Process, int Port)> silos, ServiceProcess gateway, HttpClient client)
    {
        _redis = redis;
        Silos = silos;
        Gateway = gateway;
        Client = client;
    }

    /// <summary>The live silo processes and their silo ports.</summary>
    public List<(ServiceProcess Process, int Port)> Silos { get; }

    public ServiceProcess Gateway { get; }

    public HttpClient Client { get; }

    public static async Task<ProcessCluster> StartAsync(PostgresServer postgres, int silos)
    {
        var redis = await RedisServer.StartAsync();
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
        var started = new List<(ServiceProcess Process, int Port)>();
        for (var i = 0; i < silos; i++)
        {
            var port = ExternalProcess.FreeTcpPort();
            started.Add((ServiceProcess.Start("Silo", [.. common, $"--Ums:Cluster:SiloPort={port}", $"--Ums:Cluster:GatewayPort={ExternalProcess.FreeTcpPort()}"]), port));
        }
        var httpPort = ExternalProcess.FreeTcpPort();
        var gateway = ServiceProcess.Start("Gateway", [.. common, "--Ums:Gateway:Mode=Client", "--urls", $"http://127.0.0.1:{httpPort}"]);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(60) };
        var cluster = new ProcessCluster(redis, started, gateway, client);
        try
        {
            await gateway.WaitUntilHealthyAsync(client, "/healthz", TimeSpan.FromSeconds(120));
            await cluster.WaitForActiveSilosAsync(silos);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills a silo process (a lost machine: no graceful shutdown) and forgets it.</summary>
    public async Task KillAsync((ServiceProcess Process, int Port) silo)
    {
        await silo.Process.DisposeAsync();
        Silos.Remove(silo);
    }

    /// <summary>The silo process whose address (as the gateway reports it) is <paramref name="siloAddress"/>.</summary>
    public (ServiceProcess Process, int Port) SiloAt(string siloAddress) =>
        Silos.Single(s => siloAddress.Contains($"127.0.0.1:{s.Port}:", StringComparison.Ordinal));

    private async Task WaitForActiveSilosAsync(int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await Client.GetStringAsync("/healthz");
            using var health = JsonDocument.Parse(last);
            if (health.RootElement.GetProperty("checks").GetProperty("cluster").GetProperty("data").GetProperty("activeSilos").GetInt32() == expected) return;
            await Task.Delay(500);
        }
        throw new TimeoutException($"{expected} silos did not join within 120 s; health: {last}\n{string.Join("\n---\n", Silos.Select(s => s.Process.Output))}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        foreach (var silo in Silos) await silo.Process.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
