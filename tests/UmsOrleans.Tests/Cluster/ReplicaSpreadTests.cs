using UmsOrleans.Grains.Placement;

namespace UmsOrleans.Tests.Cluster;

public class ReplicaSpreadTests
{
    private static readonly string[] Silos = ["a", "b", "c"];

    [Fact]
    public void The_higher_replica_sharing_a_silo_moves_to_a_silo_without_one()
    {
        Assert.Equal("c", ReplicaSpread.MoveTarget(2, "b", new Dictionary<int, string> { [0] = "a", [1] = "b" }, Silos));
    }

    [Fact]
    public void The_lower_replica_stays_so_only_one_of_the_pair_moves()
    {
        Assert.Null(ReplicaSpread.MoveTarget(1, "b", new Dictionary<int, string> { [0] = "a", [2] = "b" }, Silos));
    }

    [Fact]
    public void A_replica_alone_on_its_silo_stays()
    {
        Assert.Null(ReplicaSpread.MoveTarget(1, "b", new Dictionary<int, string> { [0] = "a" }, Silos));
    }

    [Fact]
    public void With_no_free_silo_a_shared_silo_is_kept()
    {
        Assert.Null(ReplicaSpread.MoveTarget(2, "b", new Dictionary<int, string> { [0] = "a", [1] = "b" }, ["a", "b"]));
    }
}
