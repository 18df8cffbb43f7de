namespace UmsOrleans.Engine.Search.Replicas;

/// <summary>What the replicas on one silo hold together.</summary>
public sealed record SiloLoad(string Silo, int Replicas, long Products, long MemoryBytes);

public static class SiloLoads
{
    /// <summary>Per silo, the replicas active there and their products and memory, most memory first (replicas that did not answer are left out).</summary>
    public static IReadOnlyList<SiloLoad> Of(IEnumerable<ShardReplicaState> replicas) =>
        [.. replicas.Where(r => r.Stats is not null)
            .GroupBy(r => r.Stats!.Silo, StringComparer.Ordinal)
            .Select(g => new SiloLoad(g.Key, g.Count(), g.Sum(r => (long)r.Stats!.Products), g.Sum(r => r.Stats!.MemoryBytes)))
            .OrderByDescending(s => s.MemoryBytes)
            .ThenBy(s => s.Silo, StringComparer.Ordinal)];
}
