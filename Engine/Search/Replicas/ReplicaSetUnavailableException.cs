namespace UmsOrleans.Engine.Search.Replicas;

/// <summary>
/// Every replica of a shard failed one call. The message says why for each replica, so the shard failure that
/// <see cref="ShardFanOut"/> reports (it uses the message) names them all.
/// </summary>
public sealed class ReplicaSetUnavailableException(string collection, int shard, IReadOnlyList<(int Replica, Exception Error)> failures)
    : Exception(Describe(failures), failures.Count > 0 ? failures[0].Error : null)
{
    public string Collection { get; } = collection;

    public int Shard { get; } = shard;

    /// <summary>Each replica tried and its error, by replica.</summary>
    public IReadOnlyList<(int Replica, Exception Error)> Failures { get; } = [.. failures.OrderBy(f => f.Replica)];

    private static string Describe(IReadOnlyList<(int Replica, Exception Error)> failures) =>
        $"all {failures.Count} replicas failed: "
        + string.Join("; ", failures.OrderBy(f => f.Replica).Select(f => $"replica {f.Replica}: {f.Error.Message}"));
}
