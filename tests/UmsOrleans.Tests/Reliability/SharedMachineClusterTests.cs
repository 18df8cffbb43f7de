using System.Net;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Reliability;

/// <summary>One embedded server on this machine, as the others' neighbour.</summary>
public sealed class RunningServerFixture : IAsyncLifetime
{
    public string DataDirectory { get; } = TestPaths.NewTempDirectory("shared-machine");

    public int SiloPort { get; } = ExternalProcess.FreeTcpPort();

    public int GatewayPort { get; } = ExternalProcess.FreeTcpPort();

    public EmbeddedGateway Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await EmbeddedGateway.StartAsync(DataDirectory, $"--Ums:Cluster:SiloPort={SiloPort}", $"--Ums:Cluster:GatewayPort={GatewayPort}");

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}

/// <summary>
/// Two programs on one machine: a second embedded server on the same ports refuses to start, and a Client-mode
/// verb joins only the server over its own data directory, saying which cluster it joined.
/// </summary>
public sealed class SharedMachineClusterTests(RunningServerFixture running) : IClassFixture<RunningServerFixture>, IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly string _directory = TestPaths.NewTempDirectory("shared-machine-other");

    [Fact]
    public async Task A_second_embedded_server_on_taken_ports_fails_naming_the_port_setting()
    {
        var (code, output) = await GatewayProgram.RunAsync([
            "--urls", $"http://127.0.0.1:{ExternalProcess.FreeTcpPort()}",
            $"--Ums:Catalog:DataDirectory={Path.Combine(_directory, "data")}",
            $"--Ums:Cluster:SiloPort={running.SiloPort}", $"--Ums:Cluster:GatewayPort={running.GatewayPort}",
        ], Limit);

        Assert.True(code != 0, output);
        Assert.Contains($"Ums:Cluster:SiloPort {running.SiloPort} is already in use", output);
    }

    [Fact]
    public async Task A_verb_with_an_embedded_silo_on_taken_ports_exits_3_naming_the_port_setting()
    {
        var (code, output) = await GatewayProgram.RunAsync([
            "ingest", "--collection", "taken", "--catalog", TextOnlyCatalog(),
            $"--Ums:Catalog:DataDirectory={Path.Combine(_directory, "data")}",
            $"--Ums:Cluster:SiloPort={ExternalProcess.FreeTcpPort()}", $"--Ums:Cluster:GatewayPort={running.GatewayPort}",
        ], Limit);

        Assert.True(code == 3, output);
        Assert.Contains($"Ums:Cluster:GatewayPort {running.GatewayPort} is already in use", output);
    }

    [Fact]
    public async Task A_client_verb_over_another_data_directory_does_not_join_the_running_server()
    {
        var collection = $"wrong-{Guid.NewGuid():N}";
        var (code, output) = await GatewayProgram.RunAsync([
            "ingest", "--collection", collection, "--catalog", TextOnlyCatalog(),
            "--Ums:Gateway:Mode=Client", "--Ums:Gateway:JoinTimeout=00:00:05",
            $"--Ums:Catalog:DataDirectory={Path.Combine(_directory, "data")}", $"--Ums:Cluster:GatewayPort={running.GatewayPort}",
        ], Limit);

        Assert.True(code == 3, output);
        Assert.Contains("Could not join cluster", output);
        Assert.Contains("Ums:Catalog:DataDirectory", output);
        using var response = await running.Server.Client.GetAsync($"/collections/{collection}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_client_verb_over_the_same_data_directory_joins_and_says_which_cluster()
    {
        var collection = $"right-{Guid.NewGuid():N}";
        var (code, output) = await GatewayProgram.RunAsync([
            "ingest", "--collection", collection, "--catalog", TextOnlyCatalog(), "--Ums:Encoding:Device=cpu",
            "--Ums:Gateway:Mode=Client", $"--Ums:Catalog:DataDirectory={running.DataDirectory}", $"--Ums:Cluster:GatewayPort={running.GatewayPort}",
        ], Limit);

        Assert.True(code == 0, output);
        Assert.Contains($"Joined cluster 'ums-", output);
        Assert.Contains($"through gateway 127.0.0.1:{running.GatewayPort}", output);
        using var response = await running.Server.Client.GetAsync($"/collections/{collection}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private string TextOnlyCatalog()
    {
        var path = Path.Combine(_directory, "catalog.jsonl");
        File.WriteAllText(path, """{"id": "oat-1l", "title": "Oat milk 1 l", "category": "dairy-free"}""" + "\n");
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
