using UmsOrleans.Engine.Search.Rebalancing;

namespace UmsOrleans.Engine.Search.Replicas;

/// <summary>What the replicas on one silo hold together.</summary>
public sealed record SiloLoad(string Silo, int Replicas, long Products, long MemoryBytes);

public static class SiloLoads
{
    /// <summary>Per silo, the replicas active there and their products and memory, most memory first (replicas that did not answer are left out).</summary>
    public static IReadOnlyList<SiloLoad> Of(IEnumerable<ShardReplicaState> replicas) =>
        Of(replicas.Where(r => r.Stats is not null).Select(r => (r.Stats!.Silo, (long)r.Stats.Products, r.Stats.MemoryBytes)), []);

    /// <summary>As above for placed replicas, with every one of <paramref name="silos"/> listed, empty ones too.</summary>
    public static IReadOnlyList<SiloLoad> Of(IEnumerable<PlacedReplica> replicas, IEnumerable<string> silos) =>
        Of(replicas.Select(r => (r.Silo, r.Products, r.MemoryBytes)), silos);

    private static IReadOnlyList<SiloLoad> Of(IEnumerable<(string Silo, long Products, long MemoryBytes)> replicas, IEnumerable<string> silos)
    {
        var bySilo = replicas.GroupBy(r => r.Silo, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return [.. bySilo.Keys.Union(silos, StringComparer.Ordinal)
            .Select(silo => bySilo.TryGetValue(silo, out var held)
                ? new SiloLoad(silo, held.Count, held.Sum(r => r.Products), held.Sum(r => r.MemoryBytes))
                : new SiloLoad(silo, 0, 0, 0))
            .OrderByDescending(s => s.MemoryBytes)
            .ThenBy(s => s.Silo, StringComparer.Ordinal)];
    }
}
