using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using UmsOrleans.Cluster;
using UmsOrleans.Evaluation.Runs;
using UmsOrleans.Hosting;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>A two-silo in-process cluster over a temporary SQLite catalog for the evaluation tests.</summary>
public sealed class EvaluationClusterFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = TestPaths.NewTempDirectory("eval-cluster");

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public ClusterCatalog Catalog { get; private set; } = null!;

    /// <summary>The encoders evaluation grains find on every silo of this cluster.</summary>
    public TestEncoderFactory Encoders { get; } = new();

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Ums:Catalog:DataDirectory"] = _dataDirectory })
            .Build();
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddUmsGrains(configuration);
            silo.Services.AddSingleton<IEvaluationEncoderFactory>(Encoders);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Catalog = new ClusterCatalog(Cluster.Client, TimeProvider.System,
            Options.Create(new SearchOptions { ShardTimeout = TimeSpan.FromSeconds(30) }), NullLogger<ClusterCatalog>.Instance);
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class EvaluationClusterCollection : ICollectionFixture<EvaluationClusterFixture>
{
    public const string Name = "evaluation-cluster";
}
