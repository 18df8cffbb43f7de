using UmsOrleans.Engine.Search.Rebalancing;

namespace UmsOrleans.Tests.Search.Rebalancing;

public class RebalancePlannerTests
{
    private const long Size = 1_000_000;

    private static PlacedReplica At(string silo, string collection, int shard, int replica = 0, long bytes = Size) =>
        new(collection, shard, replica, silo, bytes / 1000, bytes);

    /// <summary>Memory per silo after the moves.</summary>
    private static Dictionary<string, long> After(IReadOnlyList<PlacedReplica> replicas, IReadOnlyList<string> silos, IReadOnlyList<ReplicaMove> moves)
    {
        var where = replicas.ToDictionary(r => (r.Collection, r.Shard, r.Replica), r => r.Silo);
        foreach (var move in moves)
        {
            Assert.Equal(move.From, where[(move.Collection, move.Shard, move.Replica)]);
            where[(move.Collection, move.Shard, move.Replica)] = move.To;
        }
        return silos.ToDictionary(s => s, s => replicas.Where(r => where[(r.Collection, r.Shard, r.Replica)] == s).Sum(r => r.MemoryBytes));
    }

    [Fact]
    public void Two_silos_that_join_a_full_pair_get_an_equal_share_in_the_fewest_moves()
    {
        var replicas = Enumerable.Range(0, 8).Select(shard => At(shard < 4 ? "a" : "b", "c", shard)).ToList();
        string[] silos = ["a", "b", "new1", "new2"];

        var moves = RebalancePlanner.Plan(replicas, silos);

        Assert.Equal(4, moves.Count);
        Assert.All(moves, m => Assert.Contains(m.To, new[] { "new1", "new2" }));
        Assert.All(After(replicas, silos, moves).Values, bytes => Assert.Equal(2 * Size, bytes));
    }

    [Fact]
    public void Uneven_sizes_move_the_replica_nearest_half_the_gap()
    {
        List<PlacedReplica> replicas = [At("a", "c", 0, bytes: 5 * Size), At("a", "c", 1, bytes: 2 * Size), At("a", "c", 2, bytes: 1 * Size)];

        var move = Assert.Single(RebalancePlanner.Plan(replicas, ["a", "b"]));

        // The gap is 8: moving 5 leaves 3 | 5, moving 2 leaves 6 | 2; 5 is nearest half the gap (4).
        Assert.Equal((0, "a", "b"), (move.Shard, move.From, move.To));
    }

    [Fact]
    public void A_balanced_cluster_stays_as_it_is()
    {
        var replicas = Enumerable.Range(0, 6).Select(shard => At(shard % 3 == 0 ? "a" : shard % 3 == 1 ? "b" : "c", "c", shard)).ToList();

        Assert.Empty(RebalancePlanner.Plan(replicas, ["a", "b", "c"]));
    }

    [Fact]
    public void A_gap_within_the_tolerance_stays()
    {
        List<PlacedReplica> replicas = [At("a", "c", 0, bytes: 105), At("b", "c", 1, bytes: 95), At("a", "c", 2, bytes: 4)];

        // Gap 14 of a mean of 102: within 20 %, not within 10 %.
        Assert.Empty(RebalancePlanner.Plan(replicas, ["a", "b"], tolerance: 0.2));
        Assert.Single(RebalancePlanner.Plan(replicas, ["a", "b"], tolerance: 0.1));
    }

    [Fact]
    public void A_replica_never_moves_to_a_silo_holding_another_replica_of_its_shard()
    {
        List<PlacedReplica> Layout(string secondCollection) =>
            [At("a", "x", 0, replica: 0, bytes: 3 * Size), At("a", "y", 0, replica: 0, bytes: 4 * Size), At("b", secondCollection, 0, replica: 1, bytes: 3 * Size)];

        // On b sits replica 1 of x/0: replica 0 of x/0 (the only one small enough to narrow the 4-unit gap) must stay on a.
        Assert.Empty(RebalancePlanner.Plan(Layout("x"), ["a", "b"]));
        var move = Assert.Single(RebalancePlanner.Plan(Layout("z"), ["a", "b"]));
        Assert.Equal(("x", 0, 0), (move.Collection, move.Shard, move.Replica));
    }

    [Fact]
    public void Replicas_on_silos_that_are_gone_and_empty_clusters_plan_nothing()
    {
        Assert.Empty(RebalancePlanner.Plan([At("gone", "c", 0), At("gone", "c", 1)], ["a", "b"]));
        Assert.Empty(RebalancePlanner.Plan([], ["a", "b"]));
        Assert.Empty(RebalancePlanner.Plan([At("a", "c", 0), At("a", "c", 1)], ["a"]));
    }

    [Fact]
    public void Each_replica_moves_at_most_once()
    {
        var replicas = Enumerable.Range(0, 12).Select(shard => At("a", "c", shard, bytes: (shard + 1) * Size)).ToList();

        var moves = RebalancePlanner.Plan(replicas, ["a", "b", "c", "d"]);

        Assert.Equal(moves.Count, moves.Select(m => (m.Collection, m.Shard, m.Replica)).Distinct().Count());
        var after = After(replicas, ["a", "b", "c", "d"], moves);
        Assert.True(after.Values.Max() - after.Values.Min() <= 12 * Size, string.Join(", ", after));
    }
}
