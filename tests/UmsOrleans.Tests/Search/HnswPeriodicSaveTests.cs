using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Routing;
using UmsOrleans.Tests.Cluster;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Search;

/// <summary>
/// A shard of an HNSW collection saves its graph again every <see cref="ShardOptions.AnnSaveInterval"/> once writes changed it,
/// so a crash loses at most that much of the graph (the rest is reconciled from the catalog on the next start).
/// </summary>
public sealed class HnswPeriodicSaveTests
{
    private const int Dim = 8;

    [Fact]
    public async Task Writes_after_a_save_reach_the_saved_graph_within_the_interval()
    {
        var dataDirectory = TestPaths.NewTempDirectory("hnsw-save");
        var (cluster, catalog) = await TestClusterFixture.StartAsync(1, dataDirectory, silo =>
            silo.Services.Configure<ShardOptions>(o => o.AnnSaveInterval = TimeSpan.FromSeconds(1)));
        await using var _ = cluster;
        var spec = new CollectionSpec($"save-{Guid.NewGuid():N}", 1, [new VectorSpace("v", Dim)], Index: AnnIndexSpec.Hnsw(m: 8));
        await catalog.CreateCollectionAsync(spec);
        Assert.All(await catalog.UpsertAsync(spec, Products(0, 200)), w => Assert.True(w.Committed, w.Error));
        var shard = cluster.Client.GetGrain<IGalleryShardGrain>(ShardKey.Format(spec.Name, 0));
        Assert.Equal(200, (await shard.GetStats()).Products);

        var services = cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress);
        var keys = Path.Combine(
            services.GetRequiredService<IOptions<ShardOptions>>().Value.EffectiveAnnCacheDirectory(services.GetRequiredService<IOptions<CatalogOptions>>().Value),
            spec.Name, "0", "v-d8-m8-efc200-i8.keys");
        // The shard activated (and saved its empty graph) at the first write; the 200 products reach the file with a periodic save.
        var before = await Poll.UntilAsync(() => Task.FromResult(File.Exists(keys) ? new FileInfo(keys).Length : 0), length => length > 200 * 8, TimeSpan.FromSeconds(30), l => $"{l} bytes");

        Assert.All(await catalog.UpsertAsync(spec, Products(200, 100)), w => Assert.True(w.Committed, w.Error));
        Assert.True(await catalog.DeleteProductAsync(spec, "p-3"));

        // The key map grows with the 100 products (less the one deleted); nothing deactivated the shard.
        var after = await Poll.UntilAsync(() => Task.FromResult(new FileInfo(keys).Length), length => length > before, TimeSpan.FromSeconds(30), l => $"{l} bytes, was {before}");
        Assert.True(after > before);
        Assert.Equal(299, (await shard.GetStats()).Products);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static List<ProductRecord> Products(int from, int count)
    {
        var random = new Random(from + 1);
        return [.. Enumerable.Range(from, count).Select(i => new ProductRecord($"p-{i}", null, null,
            ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("v", RandomVectors.Unit(random, Dim))]))];
    }
}
