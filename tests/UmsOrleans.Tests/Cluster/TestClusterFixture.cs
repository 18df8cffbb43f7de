using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Engine.Evaluation.Runs;
using UmsOrleans.Engine.Search.Replicas;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Tests.Evaluation;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Cluster;

/// <summary>
/// A real two-silo Orleans cluster in this process, sharing one SQLite catalog in a temporary folder, with a
/// deterministic test encoder for evaluation runs. Tests share it; each uses collections of its own.
/// </summary>
public sealed class TestClusterFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = TestPaths.NewTempDirectory("cluster");

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public ClusterCatalog Catalog { get; private set; } = null!;

    /// <summary>The encoders evaluation grains find on every silo of this cluster.</summary>
    public TestEncoderFactory Encoders { get; } = new();

    /// <summary>Barriers inside the silos: held shard reads and watched grain calls (idle unless a test asks).</summary>
    public ShardProbe Probe { get; } = new();

    public async Task InitializeAsync() =>
        (Cluster, Catalog) = await StartAsync(2, _dataDirectory, silo =>
        {
            silo.Services.AddSingleton<IEvaluationEncoderFactory>(Encoders);
            ShardProbe.DecorateCatalogStore(silo.Services, Probe);
            silo.Services.AddSingleton(Probe);
            silo.AddIncomingGrainCallFilter<ProbeCallFilter>();
        });

    /// <summary>A cluster of UMS silos over a SQLite catalog in <paramref name="dataDirectory"/>, and its catalog view.</summary>
    public static async Task<(InProcessTestCluster Cluster, ClusterCatalog Catalog)> StartAsync(short silos, string dataDirectory, Action<ISiloBuilder>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Ums:Catalog:DataDirectory"] = dataDirectory })
            .Build();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddUmsGrains(configuration);
            configure?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var catalog = new ClusterCatalog(cluster.Client, TimeProvider.System,
            Options.Create(new SearchOptions { ShardTimeout = TimeSpan.FromSeconds(30) }), new ReplicaLoad(TimeProvider.System), NullLogger<ClusterCatalog>.Instance);
        return (cluster, catalog);
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class TestClusterCollection : ICollectionFixture<TestClusterFixture>
{
    public const string Name = "test-cluster";
}
