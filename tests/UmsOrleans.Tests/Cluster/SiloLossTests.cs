using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Cluster;

/// <summary>A cluster of its own, since this test takes a silo away.</summary>
public sealed class SiloLossTests
{
    [Fact]
    public async Task Shards_of_a_stopped_silo_come_back_elsewhere_with_every_acknowledged_product()
    {
        var dataDirectory = TestPaths.NewTempDirectory("silo-loss");
        var (cluster, catalog) = await TestClusterFixture.StartAsync(3, dataDirectory);
        await using var _ = cluster;

        var random = new Random(99);
        var spec = new CollectionSpec($"loss-{Guid.NewGuid():N}", 12, [new VectorSpace("image", 8)]);
        await catalog.CreateCollectionAsync(spec);
        var products = Enumerable.Range(0, 240).Select(i => new ProductRecord($"item-{i}", null, null, ImmutableDictionary<string, AttributeValue>.Empty,
            [SpaceVector.FromFloats("image", RandomVectors.Unit(random, 8))])).ToList();
        Assert.All(await catalog.UpsertAsync(spec, products), w => Assert.True(w.Committed));
        Assert.True(await catalog.DeleteProductAsync(spec, "item-7"));

        // Stop a non-primary silo that holds at least one shard.
        var before = await catalog.GetShardStatsAsync(spec);
        var victim = cluster.Silos.Skip(1)
            .Select(silo => (Silo: silo, Shards: before.Where(s => s.Silo.Contains(silo.SiloAddress.ToString(), StringComparison.Ordinal)).Select(s => s.Shard).ToList()))
            .OrderByDescending(v => v.Shards.Count)
            .First();
        Assert.True(victim.Shards.Count > 0, $"no shard on a non-primary silo: {string.Join(", ", before.Select(s => s.Silo))}");
        await cluster.StopSiloAsync(victim.Silo);

        var after = await catalog.GetShardStatsAsync(spec);
        Assert.All(after.Where(s => victim.Shards.Contains(s.Shard)), s => Assert.DoesNotContain(victim.Silo.SiloAddress.ToString(), s.Silo));
        Assert.Equal(239, after.Sum(s => s.Products));
        var query = new ShardQuery([new QueryVector("image", 1f, products[100].FindVector("image")!.Data)], 1000);
        var result = await catalog.SearchAsync(spec, query);
        Assert.False(result.Partial);
        Assert.Equal(239, result.Hits.Count);
        Assert.Equal("item-100", result.Hits[0].Id);
        Assert.DoesNotContain(result.Hits, h => h.Id == "item-7");

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
