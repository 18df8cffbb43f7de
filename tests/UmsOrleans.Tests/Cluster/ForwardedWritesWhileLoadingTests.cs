using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Routing;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Resharding;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Cluster;

/// <summary>
/// A write a primary forwards to a shard that is still loading (the new layout of a resharding, a replica being added) is taken
/// at once and applied after the load: the write is acknowledged while the load is held, and the loaded shard holds it. (Before,
/// the forward waited for the load inside the primary's write call, and searches to that primary queued behind it: 7 s at 1M
/// products.) The store's reads are held on their thread, as SQLite's synchronous reads hold it.
/// </summary>
public sealed class ForwardedWritesWhileLoadingTests
{
    private const int Dimension = 8;

    [Fact]
    public async Task Writes_forwarded_to_a_loading_shard_are_acknowledged_before_its_load_ends_and_held_after_it()
    {
        var directory = TestPaths.NewTempDirectory("forward-loading");
        var gate = new GatedShardReads(layout: 1);
        var (cluster, catalog) = await TestClusterFixture.StartAsync(1, directory, silo =>
        {
            gate.Install(silo.Services);
            silo.Services.Configure<ShardOptions>(o => (o.ReshardBatch, o.ReshardDropDelay) = (16, TimeSpan.FromSeconds(1)));
        });
        try
        {
            var spec = (await catalog.CreateCollectionAsync(new CollectionSpec($"forward-{Guid.NewGuid():N}", 2, [new VectorSpace("image", Dimension)]))).Existing;
            var expected = Enumerable.Range(0, 60).Select(i => Product($"item-{i}", new Random(i))).ToDictionary(p => p.Id, StringComparer.Ordinal);
            Assert.All(await catalog.UpsertAsync(spec, [.. expected.Values]), w => Assert.True(w.Committed, w.Error));

            Assert.NotNull(await catalog.ReshardAsync(spec.Name, 3));
            await gate.Started.WaitAsync(TimeSpan.FromSeconds(60));

            // Every shard of the new layout is loading (its read of the store is held): these writes are forwarded to them.
            var added = Product("added", new Random(100));
            var changed = Product("item-1", new Random(101));
            var writes = catalog.UpsertAsync(spec, [added, changed]);
            Assert.Same(writes, await Task.WhenAny(writes, Task.Delay(TimeSpan.FromSeconds(20))));
            Assert.All(await writes, w => Assert.True(w.Committed, w.Error));
            Assert.True(await catalog.DeleteProductAsync(spec, "item-2"));
            (expected[added.Id], expected[changed.Id]) = (added, changed);
            expected.Remove("item-2");
            var during = await catalog.SearchAsync(spec, Query(Vector(changed), 1));
            Assert.False(during.Partial);
            Assert.Equal("item-1", Assert.Single(during.Hits).Id);
            Assert.Equal(ReshardPhase.Loading, (await catalog.GetReshardingAsync(spec.Name))!.Phase);

            gate.Release();
            var done = await Poll.UntilAsync(
                () => catalog.GetReshardingAsync(spec.Name), p => p is { Running: false }, TimeSpan.FromSeconds(60), p => $"{p?.Phase}", TimeSpan.FromMilliseconds(200));
            Assert.Equal(ReshardPhase.Done, done!.Phase);

            // Each new shard holds exactly its products, with the vectors written last: the forwarded writes are in memory.
            var resharded = (await catalog.GetCollectionAsync(spec.Name))!;
            Assert.Equal((3, 1), (resharded.Shards, resharded.RoutingVersion));
            var stats = await catalog.GetShardStatsAsync(resharded);
            Assert.All(stats, s => Assert.Equal(expected.Keys.Count(id => ShardRouter.ShardOf(id, 3) == s.Shard), s.Products));
            foreach (var product in expected.Values)
            {
                var hit = Assert.Single((await catalog.SearchAsync(resharded, Query(Vector(product), 1))).Hits);
                Assert.Equal(product.Id, hit.Id);
                Assert.Equal(1f, hit.Score, 1e-4f);
            }
        }
        finally
        {
            gate.Release();
            await cluster.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Adding_a_replica_holds_neither_the_primarys_writes_nor_its_searches_while_the_replica_loads()
    {
        var directory = TestPaths.NewTempDirectory("replica-loading");
        var gate = new GatedShardReads(layout: 0, armed: false);
        var (cluster, catalog) = await TestClusterFixture.StartAsync(1, directory, silo => gate.Install(silo.Services));
        try
        {
            var spec = (await catalog.CreateCollectionAsync(new CollectionSpec($"replica-{Guid.NewGuid():N}", 1, [new VectorSpace("image", Dimension)]))).Existing;
            var expected = Enumerable.Range(0, 30).Select(i => Product($"item-{i}", new Random(i))).ToDictionary(p => p.Id, StringComparer.Ordinal);
            Assert.All(await catalog.UpsertAsync(spec, [.. expected.Values]), w => Assert.True(w.Committed, w.Error));

            // The primary has loaded; the new replica's read of the store is held.
            gate.Arm();
            var adding = catalog.SetReplicasAsync(spec.Name, 2);
            await gate.Started.WaitAsync(TimeSpan.FromSeconds(60));
            var added = Product("added", new Random(100));
            var write = catalog.UpsertAsync(spec, [added]);
            Assert.Same(write, await Task.WhenAny(write, Task.Delay(TimeSpan.FromSeconds(20))));
            Assert.True(Assert.Single(await write).Committed);
            expected[added.Id] = added;
            var search = catalog.SearchAsync(spec, Query(Vector(added), 1));
            Assert.Same(search, await Task.WhenAny(search, Task.Delay(TimeSpan.FromSeconds(20))));
            Assert.Equal("added", Assert.Single((await search).Hits).Id);
            Assert.False(adding.IsCompleted);

            gate.Release();
            var updated = await adding.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(2, updated.Replicas);
            // The new replica holds every product, the one written while it loaded too.
            var states = await catalog.GetReplicaStatesAsync(updated);
            Assert.Equal(2, states.Count);
            Assert.All(states, s => Assert.Equal(expected.Count, s.Stats!.Products));
        }
        finally
        {
            gate.Release();
            await cluster.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ProductRecord Product(string id, Random random) =>
        new(id, null, null, ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("image", RandomVectors.Unit(random, Dimension))]);

    private static float[] Vector(ProductRecord product) => product.Vectors[0].Values.ToArray();

    private static ShardQuery Query(float[] vector, int k) => new([new QueryVector("image", 1f, SpaceVector.FromFloats("image", vector).Data)], k);
}
