namespace UmsOrleans.Grains.Cluster;

/// <summary>A shard's primary did not acknowledge a write within the shard timeout; the write may or may not have been committed.</summary>
public sealed class ShardWriteTimeoutException(TimeSpan timeout)
    : TimeoutException(
        $"no answer within {timeout.TotalSeconds:0.###} s ({SearchOptions.Section}:ShardTimeout); its silo may be down. " +
        "The write may or may not have been committed: send it again (writes are idempotent).");
