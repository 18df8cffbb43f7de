using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Routing;
using UmsOrleans.Engine.Search;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Grains.Mapping;
using UmsOrleans.Routing;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Cluster;

/// <summary>A three-silo cluster of its own: replicas need silos to be placed apart.</summary>
public sealed class ThreeSiloClusterFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = TestPaths.NewTempDirectory("replicas");

    public Orleans.TestingHost.InProcessTestCluster Cluster { get; private set; } = null!;

    public ClusterCatalog Catalog { get; private set; } = null!;

    // Small resharding steps, so a resharding's backfill spans many steps while writes go on (ReshardingTests).
    public async Task InitializeAsync() => (Cluster, Catalog) = await TestClusterFixture.StartAsync(
        3, _dataDirectory, silo => silo.Services.Configure<ShardOptions>(o => (o.ReshardBatch, o.ReshardDropDelay) = (16, TimeSpan.FromSeconds(3))));

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}

public sealed class ReplicaTests(ThreeSiloClusterFixture fixture) : IClassFixture<ThreeSiloClusterFixture>
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Replicas_of_each_shard_are_active_on_distinct_silos(int replicas)
    {
        var spec = await CreateAsync(6, replicas);
        Assert.All(await fixture.Catalog.UpsertAsync(spec, Products(0, 60)), w => Assert.True(w.Committed, w.Error));

        // Replicas placed at the same moment from two silos may land together; the later one moves within seconds.
        var states = await Poll.UntilAsync(
            () => fixture.Catalog.GetReplicaStatesAsync(spec),
            s => s.Count == 6 * replicas && s.All(r => r.Failure is null) && s.GroupBy(r => r.Shard).All(shard => shard.Select(r => r.Stats!.Silo).Distinct().Count() == replicas),
            TimeSpan.FromSeconds(30),
            s => string.Join("; ", s.Select(r => $"{r.Shard}/{r.Replica} on {r.Stats?.Silo ?? r.Failure}")));
        Assert.All(states.GroupBy(s => s.Shard), shard => Assert.Single(shard.Select(s => s.Stats!.Products).Distinct()));
        Assert.Equal(60, states.Where(s => s.Replica == 0).Sum(s => s.Stats!.Products));
    }

    [Fact]
    public async Task Every_replica_holds_an_acknowledged_write_and_forgets_a_delete()
    {
        var spec = await CreateAsync(3, 2);
        var products = Products(100, 30);
        Assert.All(await fixture.Catalog.UpsertAsync(spec, products), w => Assert.True(w.Committed, w.Error));
        Assert.True(await fixture.Catalog.DeleteProductAsync(spec, "item-105"));

        foreach (var product in products)
        {
            var shard = ShardRouter.ShardOf(product.Id, spec.Shards);
            for (var replica = 0; replica < 2; replica++)
            {
                var hits = await ReplicaGrain(spec, shard, replica).Search(Query(product, 1).ToWire());
                if (product.Id == "item-105") Assert.DoesNotContain(hits, h => h.Id == product.Id);
                else Assert.Equal(product.Id, Assert.Single(hits).Id);
            }
        }
    }

    [Fact]
    public async Task Raising_replicas_loads_new_ones_with_every_earlier_write_and_lowering_drops_them()
    {
        var spec = await CreateAsync(4, 1);
        Assert.All(await fixture.Catalog.UpsertAsync(spec, Products(200, 40)), w => Assert.True(w.Committed, w.Error));

        var raised = await fixture.Catalog.SetReplicasAsync(spec.Name, 3);
        Assert.Equal(3, raised.Replicas);
        Assert.All(await fixture.Catalog.UpsertAsync(raised, Products(240, 20)), w => Assert.True(w.Committed, w.Error));
        var states = await fixture.Catalog.GetReplicaStatesAsync(raised);
        Assert.Equal(12, states.Count);
        foreach (var shard in states.GroupBy(s => s.Shard))
        {
            // Every replica of a shard holds the same products: those written before the change and after.
            Assert.Single(shard.Select(s => s.Stats!.Products).Distinct());
        }
        Assert.Equal(60, states.Where(s => s.Replica == 0).Sum(s => s.Stats!.Products));

        var lowered = await fixture.Catalog.SetReplicasAsync(spec.Name, 1);
        Assert.Equal(1, (await fixture.Catalog.GetCollectionAsync(spec.Name))!.Replicas);
        Assert.Equal(4, (await fixture.Catalog.GetReplicaStatesAsync(lowered)).Count);
        var answer = await fixture.Catalog.SearchAsync(lowered, new ShardQuery([RandomVectors.Query("image", 1f, RandomVectors.Unit(new Random(5), 8))], 100));
        Assert.False(answer.Partial);
        Assert.Equal(60, answer.Hits.Count);
    }

    [Fact]
    public async Task Writes_to_a_replica_other_than_the_primary_are_refused()
    {
        var spec = await CreateAsync(1, 2);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ReplicaGrain(spec, 0, 1).Upsert([.. Products(300, 1).Select(p => p.ToWire())]));
        Assert.Contains("primary", error.Message);
    }

    private async Task<CollectionSpec> CreateAsync(int shards, int replicas)
    {
        var spec = new CollectionSpec($"replicas-{Guid.NewGuid():N}", shards, [new VectorSpace("image", 8)], Replicas: replicas);
        return (await fixture.Catalog.CreateCollectionAsync(spec)).Existing;
    }

    private IGalleryShardGrain ReplicaGrain(CollectionSpec spec, int shard, int replica) =>
        fixture.Cluster.Client.GetGrain<IGalleryShardGrain>(ShardKey.Format(spec.Name, shard, replica));

    private static ShardQuery Query(ProductRecord product, int k) => new([new QueryVector("image", 1f, product.FindVector("image")!.Data)], k);

    internal static List<ProductRecord> Products(int start, int count)
    {
        var random = new Random(start);
        return [.. Enumerable.Range(start, count).Select(i => new ProductRecord($"item-{i}", null, null, ImmutableDictionary<string, AttributeValue>.Empty,
            [SpaceVector.FromFloats("image", RandomVectors.Unit(random, 8))]))];
    }
}
