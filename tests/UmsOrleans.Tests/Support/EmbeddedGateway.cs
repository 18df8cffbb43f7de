
namespace UmsOrleans.Tests.Support;

/// <summary>The user program as a newcomer runs it: gateway + embedded silo + SQLite, in a real process.</summary>
public sealed class EmbeddedGateway : IAsyncDisposable
{
    private readonly ServiceProcess _process;

    private EmbeddedGateway(ServiceProcess process, HttpClient client, string dataDirectory)
    {
        _process = process;
        Client = client;
        DataDirectory = dataDirectory;
    }

    public HttpClient Client { get; }

    public string DataDirectory { get; }

    public string Output => _process.Output;

    /// <summary>
    /// Starts the program on free ports. A port found free can be taken by another process before the program binds
    /// it; then the program exits saying so, and it is started again on other ports (a few times at most).
    /// </summary>
    public static async Task<EmbeddedGateway> StartAsync(string dataDirectory, params string[] extraArguments)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnFreePortsAsync(dataDirectory, extraArguments);
            }
            catch (InvalidOperationException exception) when (attempt < 3 && exception.Message.Contains("already in use", StringComparison.Ordinal))
            {
            }
        }
    }

    private static async Task<EmbeddedGateway> StartOnFreePortsAsync(string dataDirectory, string[] extraArguments)
    {
        var httpPort = ExternalProcess.FreeTcpPort();
        var process = ServiceProcess.Start("Gateway", [
            "--urls", $"http://127.0.0.1:{httpPort}",
            $"--Ums:Catalog:DataDirectory={dataDirectory}",
            $"--Ums:Cluster:SiloPort={ExternalProcess.FreeTcpPort()}",
            $"--Ums:Cluster:GatewayPort={ExternalProcess.FreeTcpPort()}",
            .. extraArguments,
        ]);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(60) };
        try
        {
            await process.WaitUntilHealthyAsync(client, "/healthz", TimeSpan.FromSeconds(90));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return new EmbeddedGateway(process, client, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync();
    }
}

/// <summary>One embedded gateway shared by the HTTP tests; each test uses collections of its own.</summary>
public sealed class EmbeddedGatewayFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = TestPaths.NewTempDirectory("gateway");

    public EmbeddedGateway Gateway { get; private set; } = null!;

    public HttpClient Client => Gateway.Client;

    /// <summary>The gateway's evaluation data root: datasets given to POST /evaluations live under it.</summary>
    public string DatasetsDirectory => Path.Combine(_dataDirectory, "datasets");

    public async Task InitializeAsync() =>
        Gateway = await EmbeddedGateway.StartAsync(_dataDirectory, "--Ums:Limits:MaxBatchProducts=50", "--Ums:Limits:MaxRequestBytes=200000",
            $"--Ums:Evaluation:DataRoot={DatasetsDirectory}", $"--Ums:Evaluation:OutputRoot={Path.Combine(_dataDirectory, "evaluations")}");

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    public async Task<string> CreateCollectionAsync(string prefix, int shards = 4, string spaces = """{"image": 4, "text": 3}""")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        using var response = await Client.PutAsync($"/collections/{name}", Json($$"""{"shards": {{shards}}, "spaces": {{spaces}}}"""));
        response.EnsureSuccessStatusCode();
        return name;
    }

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}

[CollectionDefinition(Name)]
public sealed class EmbeddedGatewayCollection : ICollectionFixture<EmbeddedGatewayFixture>
{
    public const string Name = "embedded-gateway";
}
