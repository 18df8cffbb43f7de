using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Grains;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Routing;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Cluster;

/// <summary>
/// A shard with one replica moved to another silo by a warm hand-off while a writer upserts and deletes and a searcher searches:
/// its standby loads on the target first, and the moved activation starts from the standby's partition (no read of the store)
/// holding exactly the brute-force state: the writes before, during (forwarded to the standby) and after the move.
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
            var acknowledged = new AcknowledgedWrites(catalog, spec.Name, Ids, Dimension);
            var expected = acknowledged.Expected;
            await acknowledged.SeedAsync(spec, [.. Enumerable.Range(0, 200).Select(i => acknowledged.Product($"item-{i}", new Random(i)))]);
            var primary = cluster.Client.GetGrain<IGalleryShardGrain>(ShardKey.Format(spec.Name, 0));
            var from = (await primary.GetStats()).Silo;
            var target = cluster.Silos.Select(s => s.SiloAddress).Single(s => s.ToString() != from);

            using var stop = new CancellationTokenSource();
            var partial = new ConcurrentBag<string>();
            var writer = acknowledged.RunAsync(seed: 7, stop.Token);
            var searcher = Task.Run(async () =>
            {
                var random = new Random(8);
                while (!stop.IsCancellationRequested)
                {
                    var answer = await catalog.SearchAsync(spec, AcknowledgedWrites.Query(RandomVectors.Unit(random, Dimension), 10));
                    if (answer.Partial) partial.Add($"shards {string.Join(",", answer.MissingShards)} missing");
                }
            });
            await acknowledged.MoreAsync(10);
            await primary.PrepareHandOff(0, target);
            await cluster.Client.GetGrain<IGalleryShardGrain>(new ShardAddress(spec.Name, 0).Standby.ToString()).WaitUntilLoadedAsync(TimeProvider.System, CancellationToken.None);
            await acknowledged.MoreAsync(10); // forwarded to the standby
            await primary.CompleteHandOff(0, target);
            await Poll.UntilAsync(primary.GetStats, s => s.Silo == target.ToString(), TimeSpan.FromSeconds(60), s => $"on {s.Silo}", TimeSpan.FromMilliseconds(50));
            await acknowledged.MoreAsync(10);
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
                Assert.Equal(acknowledged.BruteForceTop(query, 25), (await catalog.SearchAsync(spec, AcknowledgedWrites.Query(query, 25))).Hits.Select(h => h.Id).ToHashSet());
            }
            foreach (var (id, vector) in expected) Assert.Equal(id, Assert.Single((await catalog.SearchAsync(spec, AcknowledgedWrites.Query(vector, 1))).Hits).Id);
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
            var acknowledged = new AcknowledgedWrites(catalog, spec.Name, Ids, Dimension);
            await acknowledged.SeedAsync(spec, [acknowledged.Product("only", new Random(1))]);
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
}
