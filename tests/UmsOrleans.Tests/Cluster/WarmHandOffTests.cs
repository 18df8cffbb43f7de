using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Grains;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Routing;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Cluster;

/// <summary>
/// A shard with one replica moved to another silo by a warm hand-off while a writer upserts and deletes and a searcher searches:
/// its standby loads on the target first, and the moved activation starts from the standby's partition (no read of the store)
/// holding exactly the brute-force state: the writes before, during (forwarded to the standby, or carried with the migration) and
/// after the move.
/// </summary>
public sealed class WarmHandOffTests
{
    private const int Dimension = 8;
    private const int Ids = 300;

    [Fact]
    public async Task A_primary_handed_off_warm_starts_from_its_standby_and_holds_every_write_made_before_during_and_after()
    {
        var directory = TestPaths.NewTempDirectory("warm-hand-off");
        var (cluster, catalog) = await TestClusterFixture.StartAsync(2, directory, silo => silo.Services.Configure<ShardOptions>(o => o.RebalanceOnJoin = false));
        try
        {
            var spec = (await catalog.CreateCollectionAsync(new CollectionSpec($"warm-{Guid.NewGuid():N}", 1, [new VectorSpace("image", Dimension)]))).Existing;
            var expected = new ConcurrentDictionary<string, float[]>(StringComparer.Ordinal);
            var seed = Enumerable.Range(0, 200).Select(i => Product($"item-{i}", new Random(i))).ToList();
            Assert.All(await catalog.UpsertAsync(spec, seed), w => Assert.True(w.Committed, w.Error));
            foreach (var product in seed) expected[product.Id] = product.Vectors[0].Values.ToArray();
            var primary = cluster.Client.GetGrain<IGalleryShardGrain>(ShardKey.Format(spec.Name, 0));
            var from = (await primary.GetStats()).Silo;
            var target = cluster.Silos.Select(s => s.SiloAddress).Single(s => s.ToString() != from);

            using var stop = new CancellationTokenSource();
            var writes = 0;
            var partial = new ConcurrentBag<string>();
            var writer = Task.Run(async () =>
            {
                var random = new Random(7);
                while (!stop.IsCancellationRequested)
                {
                    await WriteOneAsync(catalog, spec, random, expected);
                    Interlocked.Increment(ref writes);
                }
            });
            var searcher = Task.Run(async () =>
            {
                var random = new Random(8);
                while (!stop.IsCancellationRequested)
                {
                    var answer = await catalog.SearchAsync(spec, Query(RandomVectors.Unit(random, Dimension), 10));
                    if (answer.Partial) partial.Add($"shards {string.Join(",", answer.MissingShards)} missing");
                }
            });
            async Task WritesAsync(int more)
            {
                var until = Volatile.Read(ref writes) + more;
                await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref writes)), w => w >= until, TimeSpan.FromSeconds(60), w => $"{w} writes");
            }

            await WritesAsync(10);
            await primary.PrepareHandOff(0, target);
            await cluster.Client.GetGrain<IGalleryShardGrain>(new ShardAddress(spec.Name, 0).Standby.ToString()).WaitUntilLoadedAsync(TimeProvider.System, CancellationToken.None);
            await WritesAsync(10); // forwarded to the standby
            await primary.CompleteHandOff(0, target);
            await Poll.UntilAsync(primary.GetStats, s => s.Silo == target.ToString(), TimeSpan.FromSeconds(60), s => $"on {s.Silo}", TimeSpan.FromMilliseconds(50));
            await WritesAsync(10);
            await stop.CancelAsync();
            await Task.WhenAll(writer, searcher);

            Assert.True(cluster.TryGetGrainContext(primary.GetGrainId(), out var context));
            Assert.Equal(target, context!.Address.SiloAddress);
            var moved = (GalleryShardGrain)context.GrainInstance!;
            Assert.Equal((1, 0), (moved.Adoptions, moved.Loads));
            Assert.Empty(partial);
            Assert.Equal(0, cluster.GetSiloServiceProvider(target).GetRequiredService<HandedOverPartitions>().Count);

            Assert.Equal(expected.Count, (await primary.GetStats()).Products);
            var random = new Random(9);
            for (var q = 0; q < 5; q++)
            {
                var query = RandomVectors.Unit(random, Dimension);
                var truth = expected.OrderByDescending(p => Dot(p.Value, query)).ThenBy(p => p.Key, StringComparer.Ordinal).Take(25).Select(p => p.Key).ToHashSet();
                Assert.Equal(truth, (await catalog.SearchAsync(spec, Query(query, 25))).Hits.Select(h => h.Id).ToHashSet());
            }
            foreach (var (id, vector) in expected) Assert.Equal(id, Assert.Single((await catalog.SearchAsync(spec, Query(vector, 1))).Hits).Id);
        }
        finally
        {
            await cluster.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Completing_a_hand_off_never_prepared_is_refused_and_leaves_the_replica_where_it_is()
    {
        var directory = TestPaths.NewTempDirectory("warm-hand-off-refused");
        var (cluster, catalog) = await TestClusterFixture.StartAsync(2, directory, silo => silo.Services.Configure<ShardOptions>(o => o.RebalanceOnJoin = false));
        try
        {
            var spec = (await catalog.CreateCollectionAsync(new CollectionSpec($"warm-{Guid.NewGuid():N}", 1, [new VectorSpace("image", Dimension)]))).Existing;
            Assert.All(await catalog.UpsertAsync(spec, [Product("only", new Random(1))]), w => Assert.True(w.Committed, w.Error));
            var primary = cluster.Client.GetGrain<IGalleryShardGrain>(ShardKey.Format(spec.Name, 0));
            var from = (await primary.GetStats()).Silo;
            var target = cluster.Silos.Select(s => s.SiloAddress).Single(s => s.ToString() != from);

            await Assert.ThrowsAsync<InvalidOperationException>(() => primary.CompleteHandOff(0, target));
            Assert.Equal((from, 1), (await primary.GetStats()) is var stats ? (stats.Silo, stats.Products) : default);
        }
        finally
        {
            await cluster.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>One upsert or delete of a random id, sent again until acknowledged (writes are idempotent), then recorded as expected.</summary>
    private static async Task WriteOneAsync(ClusterCatalog catalog, CollectionSpec spec, Random random, ConcurrentDictionary<string, float[]> expected)
    {
        var id = $"item-{random.Next(Ids)}";
        var delete = random.NextDouble() < 0.3;
        var product = Product(id, random);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (delete)
                {
                    await catalog.DeleteProductAsync(spec, id);
                    expected.TryRemove(id, out _);
                    return;
                }
                if (Assert.Single(await catalog.UpsertAsync(spec, [product])).Committed)
                {
                    expected[id] = product.Vectors[0].Values.ToArray();
                    return;
                }
            }
            catch (Exception exception) when (attempt < 20 && exception is not Xunit.Sdk.XunitException)
            {
            }
            await Task.Delay(50);
        }
    }

    private static ProductRecord Product(string id, Random random) =>
        new(id, null, null, ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("image", RandomVectors.Unit(random, Dimension))]);

    private static ShardQuery Query(float[] vector, int k) => new([new QueryVector("image", 1f, SpaceVector.FromFloats("image", vector).Data)], k);

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();
}
