using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using UmsOrleans.Cluster;
using UmsOrleans.Hosting;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Cluster;

/// <summary>
/// A real two-silo Orleans cluster in this process, sharing one SQLite catalog in a temporary folder.
/// Tests share it; each uses collections of its own.
/// </summary>
public sealed class TestClusterFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = TestPaths.NewTempDirectory("cluster");

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public ClusterCatalog Catalog { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Ums:Catalog:DataDirectory"] = _dataDirectory })
            .Build();
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo.AddUmsGrains(configuration));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Catalog = new ClusterCatalog(Cluster.Client, TimeProvider.System,
            Options.Create(new SearchOptions { ShardTimeout = TimeSpan.FromSeconds(20) }), NullLogger<ClusterCatalog>.Instance);
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
