namespace UmsOrleans.Engine.Search.Replicas;

/// <summary>
/// What <see cref="ReplicaLoad"/> knows of one replica, for diagnostics. <see cref="LatencyMs"/> is null when the
/// replica has no answer time or only one older than <see cref="ReplicaLoad.StaleAfter"/> (what the ordering sees).
/// </summary>
public sealed record ReplicaLoadSnapshot(
    string Collection, int Shard, int Replica, int Outstanding, double? LatencyMs, DateTimeOffset? LastFailure);
