namespace UmsOrleans.Contracts;

/// <summary>
/// A write was committed to the catalog store and applied by the shard's primary, but not every other replica applied it
/// (nor reloaded from the store) in time: the write is durable, yet a search could still reach a replica without it, so it
/// is not acknowledged. Sending it again is safe (writes are idempotent) and succeeds once the replica is back.
/// </summary>
[GenerateSerializer, Alias("ums.ReplicasBehindException")]
public sealed class ReplicasBehindException(string message) : Exception(message);
