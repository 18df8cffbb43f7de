using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using UmsOrleans.Engine.Search.Replicas;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Grains.Hosting;

namespace UmsOrleans.Bench.Replicas;

/// <summary>
/// UMS silos in this process (Orleans's in-process test cluster) over a SQLite catalog in a folder of their own under
/// <c>--work</c>, with no rebalance on join, and the cluster catalog a gateway would use. Disposing stops them and deletes the folder.
/// </summary>
internal sealed class InProcessBenchCluster : IAsyncDisposable
{
    private InProcessBenchCluster(InProcessTestCluster cluster, ClusterCatalog catalog, string dataDirectory) =>
        (Cluster, Catalog, DataDirectory) = (cluster, catalog, dataDirectory);

    public InProcessTestCluster Cluster { get; }

    public ClusterCatalog Catalog { get; }

    public string DataDirectory { get; }

    /// <summary>The data folder the silos will use (created); write to its catalog before <see cref="StartAsync"/> to start from a filled store.</summary>
    public static string NewDataDirectory(Args args, string name)
    {
        var directory = Path.Combine(args.String("work", "/tmp/ums-bench"), $"{name}-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static async Task<InProcessBenchCluster> StartAsync(
        int silos, string dataDirectory, SearchOptions search, IReadOnlyDictionary<string, string?>? settings = null, Action<ISiloBuilder>? configure = null)
    {
        var values = new Dictionary<string, string?> { ["Ums:Catalog:DataDirectory"] = dataDirectory, ["Ums:Shard:RebalanceOnJoin"] = "false" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddUmsGrains(configuration);
            configure?.Invoke(silo);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var catalog = new ClusterCatalog(cluster.Client, TimeProvider.System, Options.Create(search), new ReplicaLoad(TimeProvider.System), NullLogger<ClusterCatalog>.Instance);
        return new InProcessBenchCluster(cluster, catalog, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
