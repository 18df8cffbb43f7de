namespace UmsOrleans.Grains.Placement;

/// <summary>
/// Whether a shard replica should move so that its shard's replicas sit on distinct silos: two placements made at the same
/// moment on different silos cannot see each other, so a replica checks once it is active. Of two replicas sharing a silo,
/// the one with the higher number moves, and only to a silo that holds no replica of the shard.
/// </summary>
public static class ReplicaSpread
{
    /// <summary>The silo to move <paramref name="replica"/> to, or null when it should stay.</summary>
    /// <param name="siblings">Where the shard's other replicas are active (replica number → silo).</param>
    /// <param name="activeSilos">The silos that can take it.</param>
    public static TSilo? MoveTarget<TSilo>(int replica, TSilo mySilo, IReadOnlyDictionary<int, TSilo> siblings, IReadOnlyList<TSilo> activeSilos)
        where TSilo : class
    {
        var comparer = EqualityComparer<TSilo>.Default;
        if (!siblings.Any(s => s.Key < replica && comparer.Equals(s.Value, mySilo))) return null;
        var taken = siblings.Values.Append(mySilo).ToHashSet(comparer);
        var free = activeSilos.Where(s => !taken.Contains(s)).ToList();
        return free.Count == 0 ? null : free[Random.Shared.Next(free.Count)];
    }
}
