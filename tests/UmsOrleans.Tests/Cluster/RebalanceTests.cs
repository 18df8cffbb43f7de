using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Rebalancing;
using UmsOrleans.Grains;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Routing;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Cluster;

/// <summary>A cluster of its own, since this test adds a silo.</summary>
public sealed class RebalanceTests
{
    private const int Products = 300;

    [Fact]
    public async Task A_joining_silo_takes_replicas_until_memory_is_even_and_searches_answer_completely_throughout()
    {
        var dataDirectory = TestPaths.NewTempDirectory("rebalance");
        var (cluster, catalog) = await TestClusterFixture.StartAsync(2, dataDirectory, silo =>
            silo.Services.Configure<ShardOptions>(o => o.RebalanceDelay = TimeSpan.FromSeconds(1)));
        await using var _ = cluster;

        var random = new Random(5);
        var spec = new CollectionSpec($"grow-{Guid.NewGuid():N}", 6, [new VectorSpace("image", 8)]) { Replicas = 2 };
        await catalog.CreateCollectionAsync(spec);
        var products = Enumerable.Range(0, Products).Select(i => new ProductRecord($"item-{i}", null, null, ImmutableDictionary<string, AttributeValue>.Empty,
            [SpaceVector.FromFloats("image", RandomVectors.Unit(random, 8))])).ToList();
        Assert.All(await catalog.UpsertAsync(spec, products), w => Assert.True(w.Committed, w.Error));
        await Poll.UntilAsync(() => catalog.GetReplicaStatesAsync(spec), s => s.All(r => r.Stats is not null), TimeSpan.FromSeconds(30), s => string.Join("; ", s));

        using var stop = new CancellationTokenSource();
        var incomplete = new ConcurrentBag<string>();
        var query = new ShardQuery([new QueryVector("image", 1f, products[0].FindVector("image")!.Data)], Products);
        var searching = Task.Run(async () =>
        {
            var searches = 0;
            while (!stop.IsCancellationRequested)
            {
                var result = await catalog.SearchAsync(spec, query);
                if (result.Partial || result.Hits.Count != Products) incomplete.Add($"{result.Hits.Count} hits, missing shards [{string.Join(",", result.MissingShards)}]");
                searches++;
            }
            return searches;
        });

        var joined = await cluster.StartAdditionalSiloAsync();
        var newSilo = joined.SiloAddress.ToString();
        // The second silo's joining at start-up started a rebalance too: wait for the one this join started.
        var report = await Poll.UntilAsync(
            catalog.GetLastRebalanceAsync, r => r is { State: not RebalanceState.Running } && r.Trigger.Contains(newSilo, StringComparison.Ordinal), TimeSpan.FromSeconds(120),
            r => r is null ? "no rebalance yet" : $"{r.Trigger}: {r.State}, {r.MovesDone} of {r.Moves.Count} moves");
        await stop.CancelAsync();
        var searchCount = await searching;

        Assert.True(report!.State == RebalanceState.Done, report.Error);
        Assert.Equal(0, report.Before.Single(s => s.Silo == newSilo).MemoryBytes);
        Assert.Equal(report.Moves.Count, report.MovesDone);
        Assert.All(report.Moves, m => Assert.Equal(newSilo, m.To));
        // Twelve equal replicas over three silos: four each, and the joined silo holds what the report says it moved there.
        Assert.Equal([4, 4, 4], report.After.Select(s => s.Replicas).Order());
        var states = await catalog.GetReplicaStatesAsync(spec);
        Assert.Equal(
            report.Moves.Select(m => (m.Shard, m.Replica)).Order(),
            states.Where(r => r.Stats!.Silo == newSilo).Select(r => (r.Shard, r.Replica)).Order());
        Assert.All(states.GroupBy(r => r.Shard), shard => Assert.Equal(2, shard.Select(r => r.Stats!.Silo).Distinct().Count()));
        // Every move was a warm hand-off: the moved replica started from the partition its standby loaded there, not from the store.
        foreach (var move in report.Moves)
        {
            var moved = cluster.Client.GetGrain<IGalleryShardGrain>(ShardKey.Format(spec.Name, move.Shard, move.Replica));
            Assert.True(cluster.TryGetGrainContext(moved.GetGrainId(), out var context));
            Assert.Equal((1, 0), (((GalleryShardGrain)context!.GrainInstance!).Adoptions, ((GalleryShardGrain)context.GrainInstance!).Loads));
        }
        Assert.True(searchCount > 5, $"only {searchCount} searches ran");
        Assert.Empty(incomplete);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task The_last_rebalance_report_outlives_the_silo_that_ran_it()
    {
        var dataDirectory = TestPaths.NewTempDirectory("rebalance-report");
        try
        {
            RebalanceReport done;
            var (cluster, catalog) = await TestClusterFixture.StartAsync(1, dataDirectory, silo => silo.Services.Configure<ShardOptions>(o => o.RebalanceOnJoin = false));
            await using (cluster)
            {
                var spec = (await catalog.CreateCollectionAsync(new CollectionSpec($"kept-{Guid.NewGuid():N}", 2, [new VectorSpace("image", 4)]))).Existing;
                Assert.All(await catalog.UpsertAsync(spec, [new ProductRecord("p", null, null, ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("image", [1f, 0f, 0f, 0f])])]),
                    w => Assert.True(w.Committed, w.Error));
                await catalog.StartRebalanceAsync("asked by the test");
                done = (await Poll.UntilAsync(catalog.GetLastRebalanceAsync, r => r is { State: not RebalanceState.Running }, TimeSpan.FromSeconds(60), r => $"{r?.State}"))!;
                Assert.Equal(RebalanceState.Done, done.State);
                Assert.Equal(2, done.Before.Sum(s => s.Replicas));
            }

            // A new cluster over the same catalog: its rebalance grain is a new activation, and shows the report from the store.
            (cluster, catalog) = await TestClusterFixture.StartAsync(1, dataDirectory, silo => silo.Services.Configure<ShardOptions>(o => o.RebalanceOnJoin = false));
            await using (cluster)
            {
                var read = await catalog.GetLastRebalanceAsync();
                Assert.NotNull(read);
                Assert.Equal((done.Trigger, done.State, done.StartedAt, done.FinishedAt), (read.Trigger, read.State, read.StartedAt, read.FinishedAt));
                Assert.Equal(done.Before, read.Before);
                Assert.Equal(done.After, read.After);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
