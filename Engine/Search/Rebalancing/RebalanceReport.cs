using UmsOrleans.Engine.Search.Replicas;

namespace UmsOrleans.Engine.Search.Rebalancing;

/// <summary>
/// A rebalance of the cluster: why it ran, the memory per silo before and after (every silo, empty ones too), the moves
/// planned and how many are done. <see cref="After"/> is empty until it ends.
/// </summary>
public sealed record RebalanceReport(
    string Trigger,
    RebalanceState State,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<SiloLoad> Before,
    IReadOnlyList<SiloLoad> After,
    IReadOnlyList<ReplicaMove> Moves,
    int MovesDone,
    string? Error = null)
{
    public static RebalanceReport Starting(string trigger, DateTimeOffset now) => new(trigger, RebalanceState.Running, now, null, [], [], [], 0);

    /// <summary>Every silo's memory and replicas, empty silos included, most memory first.</summary>
    public static IReadOnlyList<SiloLoad> LoadsOf(IEnumerable<PlacedReplica> replicas, IEnumerable<string> silos)
    {
        var bySilo = replicas.GroupBy(r => r.Silo, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return [.. silos.Union(bySilo.Keys, StringComparer.Ordinal)
            .Select(silo => bySilo.TryGetValue(silo, out var held)
                ? new SiloLoad(silo, held.Count, held.Sum(r => r.Products), held.Sum(r => r.MemoryBytes))
                : new SiloLoad(silo, 0, 0, 0))
            .OrderByDescending(s => s.MemoryBytes)
            .ThenBy(s => s.Silo, StringComparer.Ordinal)];
    }
}

public enum RebalanceState
{
    Running,
    Done,
    Failed,
}
