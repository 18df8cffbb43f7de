using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Routing;
using UmsOrleans.Engine.Search.Resharding;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Routing;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Cluster;

public sealed class ReshardingTests(ThreeSiloClusterFixture fixture) : IClassFixture<ThreeSiloClusterFixture>
{
    private const int Dimension = 8;
    private const int Ids = 300;

    [Fact]
    public async Task Resharding_under_concurrent_writes_and_searches_ends_with_exactly_the_brute_force_state_and_no_partial_answer()
    {
        var spec = (await fixture.Catalog.CreateCollectionAsync(new CollectionSpec($"reshard-{Guid.NewGuid():N}", 3, [new VectorSpace("image", Dimension)], Replicas: 2))).Existing;
        var acknowledged = new AcknowledgedWrites(fixture.Catalog, spec.Name, Ids, Dimension);
        var expected = acknowledged.Expected;
        await acknowledged.SeedAsync(spec, [.. Enumerable.Range(0, 200).Select(i => acknowledged.Product($"item-{i}", new Random(i)))]);

        using var stop = new CancellationTokenSource();
        var searches = 0;
        var partial = new ConcurrentBag<string>();
        var writer = acknowledged.RunAsync(seed: 7, stop.Token);
        var searcher = Task.Run(async () =>
        {
            var random = new Random(8);
            while (!stop.IsCancellationRequested)
            {
                var current = (await fixture.Catalog.GetCollectionAsync(spec.Name))!;
                var answer = await fixture.Catalog.SearchAsync(current, AcknowledgedWrites.Query(RandomVectors.Unit(random, Dimension), 10));
                if (answer.Partial) partial.Add($"layout {current.RoutingVersion}: shards {string.Join(",", answer.MissingShards)} missing");
                Interlocked.Increment(ref searches);
            }
        });

        await acknowledged.MoreAsync(20);
        var started = await fixture.Catalog.ReshardAsync(spec.Name, 5);
        Assert.NotNull(started);
        Assert.Equal((3, 5), (started.FromShards, started.ToShards));
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Catalog.ReshardAsync(spec.Name, 4));
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Catalog.SetReplicasAsync(spec.Name, 3));
        var switched = await Poll.UntilAsync(
            () => fixture.Catalog.GetReshardingAsync(spec.Name), p => p is { Phase: ReshardPhase.Dropping or ReshardPhase.Done or ReshardPhase.Failed },
            TimeSpan.FromSeconds(90), p => $"{p?.Phase}: {p?.Backfilled}/{p?.Products} backfilled, {p?.ReplicasLoaded}/{p?.Replicas} loaded", TimeSpan.FromMilliseconds(200));
        Assert.NotEqual(ReshardPhase.Failed, switched!.Phase);
        // Writes go on after the switch, routed by the new layout (or refused by the old one and routed again).
        await acknowledged.MoreAsync(20);
        var done = await Poll.UntilAsync(
            () => fixture.Catalog.GetReshardingAsync(spec.Name), p => p is { Running: false }, TimeSpan.FromSeconds(60), p => $"{p?.Phase}", TimeSpan.FromMilliseconds(200));
        await stop.CancelAsync();
        await Task.WhenAll(writer, searcher);

        Assert.Equal(ReshardPhase.Done, done!.Phase);
        // The products there were when it started: the 200 seeded, give or take the writer's upserts and deletes before it.
        Assert.InRange(done.Backfilled, 150, Ids);
        Assert.Empty(partial);
        Assert.True(searches > 10, $"only {searches} searches ran");
        var resharded = (await fixture.Catalog.GetCollectionAsync(spec.Name))!;
        Assert.Equal((5, 1, (int?)null), (resharded.Shards, resharded.RoutingVersion, resharded.ReshardTo));

        // Every replica of the new layout holds exactly the products routed to its shard: none lost, none twice.
        var states = await fixture.Catalog.GetReplicaStatesAsync(resharded);
        Assert.Equal(10, states.Count);
        Assert.All(states, s => Assert.Null(s.Failure));
        foreach (var shard in states.GroupBy(s => s.Shard))
        {
            Assert.All(shard, s => Assert.Equal(expected.Keys.Count(id => ShardRouter.ShardOf(id, 5) == s.Shard), s.Stats!.Products));
        }
        // Exact answers over the whole collection equal the brute-force answer over the expected state.
        var random = new Random(9);
        for (var q = 0; q < 5; q++)
        {
            var query = RandomVectors.Unit(random, Dimension);
            var answer = await fixture.Catalog.SearchAsync(resharded, AcknowledgedWrites.Query(query, 25));
            Assert.False(answer.Partial);
            Assert.Equal(acknowledged.BruteForceTop(query, 25), answer.Hits.Select(h => h.Id).ToHashSet());
        }
        foreach (var id in Enumerable.Range(0, Ids).Select(i => $"item-{i}"))
        {
            var stored = await fixture.Catalog.GetProductAsync(resharded, id);
            if (expected.TryGetValue(id, out var vector)) Assert.Equal(vector, stored!.Vectors[0].Values.ToArray());
            else Assert.Null(stored);
        }
        // The old layout was dropped, and a shard of it never loads again.
        await Assert.ThrowsAsync<Contracts.RoutingChangedException>(() => fixture.Cluster.Client.GetGrain<IGalleryShardGrain>(ShardKey.Format(spec.Name, 0)).GetStats());
    }

    [Fact]
    public async Task Asking_for_the_shard_count_a_collection_has_starts_nothing()
    {
        var spec = (await fixture.Catalog.CreateCollectionAsync(new CollectionSpec($"reshard-{Guid.NewGuid():N}", 2, [new VectorSpace("image", Dimension)]))).Existing;
        Assert.Null(await fixture.Catalog.ReshardAsync(spec.Name, 2));
        Assert.Equal((2, 0, (int?)null), (await fixture.Catalog.GetCollectionAsync(spec.Name)) is { } s ? (s.Shards, s.RoutingVersion, s.ReshardTo) : default);
    }
}

/// <summary>A resharding the catalog store records as under way resumes when the cluster starts again, with no call asking for it.</summary>
public sealed class ReshardingResumeTests
{
    [Fact]
    public async Task A_resharding_interrupted_by_a_cluster_stop_resumes_at_start_up_and_completes()
    {
        var directory = TestPaths.NewTempDirectory("reshard-resume");
        try
        {
            var name = $"resume-{Guid.NewGuid():N}";
            var (cluster, catalog) = await TestClusterFixture.StartAsync(1, directory);
            var products = Enumerable.Range(0, 120).Select(i => new ProductRecord($"p{i}", null, null, ImmutableDictionary<string, AttributeValue>.Empty,
                [SpaceVector.FromFloats("image", RandomVectors.Unit(new Random(i), 4))])).ToList();
            try
            {
                var spec = (await catalog.CreateCollectionAsync(new CollectionSpec(name, 2, [new VectorSpace("image", 4)]))).Existing;
                Assert.All(await catalog.UpsertAsync(spec, products), w => Assert.True(w.Committed, w.Error));
                // Recorded in the store as a resharding's first step does, then the cluster stops before any other step ran.
                var store = cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetRequiredService<ICatalogStore>();
                await store.StartReshardingAsync(spec, 3);
            }
            finally
            {
                await cluster.DisposeAsync();
            }

            (cluster, catalog) = await TestClusterFixture.StartAsync(1, directory);
            try
            {
                var resharded = await Poll.UntilAsync(
                    () => catalog.GetCollectionAsync(name), s => s is { RoutingVersion: 1 }, TimeSpan.FromSeconds(60), s => $"{s?.Shards} shards, layout {s?.RoutingVersion}, resharding to {s?.ReshardTo}", TimeSpan.FromMilliseconds(200));
                Assert.Equal((3, (int?)null), (resharded!.Shards, resharded.ReshardTo));
                var stats = await catalog.GetShardStatsAsync(resharded);
                Assert.Equal(120, stats.Sum(s => s.Products));
                Assert.All(stats, s => Assert.Equal(products.Count(p => ShardRouter.ShardOf(p.Id, 3) == s.Shard), s.Products));
            }
            finally
            {
                await cluster.DisposeAsync();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
    [Fact]
    public async Task A_resharding_switched_whose_old_layout_was_not_dropped_drops_it_when_the_collection_grain_comes_back()
    {
        var directory = TestPaths.NewTempDirectory("reshard-drop");
        try
        {
            var (cluster, catalog) = await TestClusterFixture.StartAsync(1, directory, silo => silo.Services.Configure<ShardOptions>(o => o.ReshardDropDelay = TimeSpan.FromMilliseconds(200)));
            try
            {
                var name = $"drop-{Guid.NewGuid():N}";
                var store = cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetRequiredService<ICatalogStore>();
                // Created and resharded through the store, so the collection's grain never ran: as when its silo is lost after the
                // switch and before the drop. The old layout's shards are loaded and hold the products.
                var (spec, _) = await store.CreateCollectionAsync(new CollectionSpec(name, 2, [new VectorSpace("image", 4)]));
                var products = Enumerable.Range(0, 40).Select(i => new ProductRecord($"p{i}", null, null, ImmutableDictionary<string, AttributeValue>.Empty,
                    [SpaceVector.FromFloats("image", RandomVectors.Unit(new Random(i), 4))])).ToList();
                Assert.All(await catalog.UpsertAsync(spec, products), w => Assert.True(w.Committed, w.Error));
                var resharding = await store.StartReshardingAsync(spec, 3);
                while (!(await store.BackfillNextLayoutAsync(resharding, 16)).Done)
                {
                }
                var live = await store.SwitchLayoutAsync(await store.MarkBackfilledAsync(resharding));
                var oldShard = cluster.Client.GetGrain<IGalleryShardGrain>(ShardKey.Format(name, 0));
                Assert.Equal(products.Count(p => ShardRouter.ShardOf(p.Id, 2) == 0), (await oldShard.GetStats()).Products);

                // Any call to the collection activates its grain, which finds the drop in the store and finishes it.
                var progress = await Poll.UntilAsync(
                    () => catalog.GetReshardingAsync(name), p => p is { Running: false }, TimeSpan.FromSeconds(60), p => $"{p?.Phase}", TimeSpan.FromMilliseconds(100));
                Assert.Equal((ReshardPhase.Done, 2, 3, (string?)null), (progress!.Phase, progress.FromShards, progress.ToShards, progress.Error));
                Assert.Null((await store.GetCollectionAsync(name))!.OldLayoutShards);
                await Assert.ThrowsAsync<Contracts.RoutingChangedException>(() => oldShard.GetStats());
                var stats = await catalog.GetShardStatsAsync(live);
                Assert.All(stats, s => Assert.Equal(products.Count(p => ShardRouter.ShardOf(p.Id, 3) == s.Shard), s.Products));
                // Changes are taken again once the drop is recorded.
                Assert.Equal(2, (await catalog.SetReplicasAsync(name, 2)).Replicas);
            }
            finally
            {
                await cluster.DisposeAsync();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
