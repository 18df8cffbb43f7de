using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Cluster;

/// <summary>A cluster of its own, since this test kills a silo.</summary>
public sealed class ReplicaFailoverTests
{
    [Fact]
    public async Task With_two_replicas_a_killed_silo_leaves_no_partial_answer_and_its_replicas_come_back_apart()
    {
        var dataDirectory = TestPaths.NewTempDirectory("replica-failover");
        var (cluster, catalog) = await TestClusterFixture.StartAsync(3, dataDirectory);
        await using var _ = cluster;
        var spec = (await catalog.CreateCollectionAsync(new CollectionSpec($"failover-{Guid.NewGuid():N}", 6, [new VectorSpace("image", 8)], Replicas: 2))).Existing;
        var products = ReplicaTests.Products(0, 120);
        Assert.All(await catalog.UpsertAsync(spec, products), w => Assert.True(w.Committed, w.Error));
        var placed = await Poll.UntilAsync(
            () => catalog.GetReplicaStatesAsync(spec),
            s => s.All(r => r.Failure is null) && s.GroupBy(r => r.Shard).All(shard => shard.Select(r => r.Stats!.Silo).Distinct().Count() == 2),
            TimeSpan.FromSeconds(30), Describe);

        // A silo other than the first (the test cluster's primary) holding at least one replica.
        var victim = cluster.Silos.Skip(1).First(silo => placed.Any(r => r.Stats!.Silo.Contains(silo.SiloAddress.ToString(), StringComparison.Ordinal)));
        await cluster.KillSiloAsync(victim);

        var query = new ShardQuery([new QueryVector("image", 1f, products[7].FindVector("image")!.Data)], 1000);
        var answer = await catalog.SearchAsync(spec, query);
        Assert.False(answer.Partial, $"missing shards {string.Join(", ", answer.MissingShards)}");
        Assert.Equal(120, answer.Hits.Count);
        Assert.Equal("item-7", answer.Hits[0].Id);

        // Writes whose replica died are refused until membership declares the silo dead; then they are acknowledged again.
        var late = ReplicaTests.Products(500, 12);
        await Poll.UntilAsync(async () => await catalog.UpsertAsync(spec, late), w => w.All(r => r.Committed), TimeSpan.FromSeconds(120),
            w => string.Join("; ", w.Where(r => !r.Committed).Select(r => r.Error)));

        var whole = await Poll.UntilAsync(
            () => catalog.GetReplicaStatesAsync(spec),
            s => s.All(r => r.Failure is null && !r.Stats!.Silo.Contains(victim.SiloAddress.ToString(), StringComparison.Ordinal))
                && s.GroupBy(r => r.Shard).All(shard => shard.Select(r => r.Stats!.Silo).Distinct().Count() == 2),
            TimeSpan.FromSeconds(60), Describe);
        Assert.All(whole.GroupBy(r => r.Shard), shard => Assert.Single(shard.Select(r => r.Stats!.Products).Distinct()));
        Assert.Equal(132, whole.Where(r => r.Replica == 0).Sum(r => r.Stats!.Products));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static string Describe(IReadOnlyList<Engine.Search.Replicas.ShardReplicaState> states) =>
        string.Join("; ", states.Select(r => $"{r.Shard}/{r.Replica} on {r.Stats?.Silo ?? r.Failure}"));
}
