using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>What the replicas active on one silo hold together.</summary>
[GenerateSerializer, Immutable, Alias("ums.SiloLoad")]
public sealed record SiloLoad(
    [property: Id(0)] string Silo,
    [property: Id(1)] int Replicas,
    [property: Id(2)] long Products,
    [property: Id(3)] long MemoryBytes);

/// <summary>One replica handed off from one silo to another.</summary>
[GenerateSerializer, Immutable, Alias("ums.ReplicaMove")]
public sealed record ReplicaMove(
    [property: Id(0)] string Collection,
    [property: Id(1)] int Shard,
    [property: Id(2)] int Replica,
    [property: Id(3)] string From,
    [property: Id(4)] string To,
    [property: Id(5)] long MemoryBytes);

/// <summary>
/// A rebalance of the cluster: why it ran, the memory per silo before and after, the moves planned and how many are done.
/// <see cref="State"/> is <c>running</c>, <c>done</c> or <c>failed</c> (with <see cref="Error"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("ums.RebalanceReport")]
public sealed record RebalanceReport(
    [property: Id(0)] string Trigger,
    [property: Id(1)] string State,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset? FinishedAt,
    [property: Id(4)] ImmutableArray<SiloLoad> Before,
    [property: Id(5)] ImmutableArray<SiloLoad> After,
    [property: Id(6)] ImmutableArray<ReplicaMove> Moves,
    [property: Id(7)] int MovesDone,
    [property: Id(8)] string? Error);
