using UmsOrleans.Engine.Search.Replicas;

namespace UmsOrleans.Engine.Search.Rebalancing;

/// <summary>
/// A rebalance of the cluster: why it ran, the memory per silo before and after (every silo, empty ones too), the moves
/// planned and how many are done (loads per silo: <see cref="SiloLoads"/>). <see cref="After"/> is empty until it ends.
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

}

public enum RebalanceState
{
    Running,
    Done,
    Failed,
}
