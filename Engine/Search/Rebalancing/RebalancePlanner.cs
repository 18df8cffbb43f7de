namespace UmsOrleans.Engine.Search.Rebalancing;

/// <summary>
/// Which replicas to move so that memory per silo evens out, after a silo joined. Greedy: the heaviest silo hands the
/// lightest one (that holds no replica of the same shard, so replicas stay apart) its replica whose size is nearest half the
/// gap between them; a move is made only when the replica is smaller than the gap, so each one narrows it. Planning stops
/// when the gap between the heaviest and the lightest silo is within <c>tolerance</c> of the mean, or no move narrows it.
/// Each replica moves at most once per plan. Hand-written: it is the product's own placement policy, a few lines over
/// the replicas' sizes, with nothing to borrow.
/// </summary>
public static class RebalancePlanner
{
    /// <param name="replicas">Every replica where it is active; those on silos not in <paramref name="silos"/> are left alone.</param>
    /// <param name="silos">The silos that can hold replicas, the one that joined among them (holding nothing yet).</param>
    /// <param name="tolerance">The gap, as a fraction of the mean memory per silo, that is left as it is.</param>
    public static IReadOnlyList<ReplicaMove> Plan(IReadOnlyList<PlacedReplica> replicas, IReadOnlyList<string> silos, double tolerance = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        var live = silos.Distinct(StringComparer.Ordinal).ToList();
        var placed = replicas.Where(r => live.Contains(r.Silo, StringComparer.Ordinal)).ToList();
        var load = live.ToDictionary(s => s, s => placed.Where(r => r.Silo == s).Sum(r => r.MemoryBytes), StringComparer.Ordinal);
        var total = load.Values.Sum();
        if (live.Count < 2 || total == 0) return [];
        var allowedGap = tolerance * total / live.Count;
        var where = placed.ToDictionary(r => r, r => r.Silo);
        var moved = new HashSet<PlacedReplica>();
        var moves = new List<ReplicaMove>();
        while (NextMove() is { } move)
        {
            moves.Add(move);
        }
        return moves;

        ReplicaMove? NextMove()
        {
            var bySize = live.OrderByDescending(s => load[s]).ThenBy(s => s, StringComparer.Ordinal).ToList();
            if (load[bySize[0]] - load[bySize[^1]] <= allowedGap) return null;
            foreach (var heavy in bySize)
            {
                foreach (var light in Enumerable.Reverse(bySize))
                {
                    var gap = load[heavy] - load[light];
                    if (gap <= allowedGap) break;
                    var candidate = where
                        .Where(p => p.Value == heavy && !moved.Contains(p.Key) && p.Key.MemoryBytes > 0 && p.Key.MemoryBytes < gap && !HoldsSibling(light, p.Key))
                        .Select(p => p.Key)
                        .OrderBy(r => Math.Abs(gap / 2.0 - r.MemoryBytes))
                        .ThenBy(r => r.Collection, StringComparer.Ordinal).ThenBy(r => r.Shard).ThenBy(r => r.Replica)
                        .FirstOrDefault();
                    if (candidate is null) continue;
                    where[candidate] = light;
                    moved.Add(candidate);
                    load[heavy] -= candidate.MemoryBytes;
                    load[light] += candidate.MemoryBytes;
                    return new ReplicaMove(candidate.Collection, candidate.Shard, candidate.Replica, heavy, light, candidate.MemoryBytes);
                }
            }
            return null;
        }

        bool HoldsSibling(string silo, PlacedReplica replica) =>
            where.Any(p => p.Value == silo && p.Key.Collection == replica.Collection && p.Key.Shard == replica.Shard && p.Key.Replica != replica.Replica);
    }
}
