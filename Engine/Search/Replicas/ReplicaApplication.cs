namespace UmsOrleans.Engine.Search.Replicas;

/// <summary>A replica that holds neither a write nor a fresh copy of the store, and why.</summary>
public sealed record ReplicaBehind(int Replica, string Reason);

/// <summary>
/// Carries a write the primary (replica 0) committed to every other replica of its shard before the write is acknowledged.
/// A replica that fails or is late is asked to reload from the catalog store, which holds the write; only a replica that
/// does neither within the deadline is reported behind, so an acknowledged write is on every replica that can answer.
/// </summary>
public static class ReplicaApplication
{
    /// <summary>
    /// <paramref name="replicas"/>: the primary's other replicas (1 to R − 1), or every replica of a layout a resharding builds.
    /// </summary>
    public static async Task<IReadOnlyList<ReplicaBehind>> ApplyEverywhereAsync(
        IEnumerable<int> replicas,
        Func<int, CancellationToken, Task> apply,
        Func<int, CancellationToken, Task> reload,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var outcomes = await Task.WhenAll(replicas.Select(replica => OneAsync(replica, apply, reload, timeout, time, cancellationToken)));
        return [.. outcomes.OfType<ReplicaBehind>()];
    }

    private static async Task<ReplicaBehind?> OneAsync(
        int replica, Func<int, CancellationToken, Task> apply, Func<int, CancellationToken, Task> reload, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var applyFailure = await TryAsync(replica, apply, timeout, time, cancellationToken);
        if (applyFailure is null) return null;
        var reloadFailure = await TryAsync(replica, reload, timeout, time, cancellationToken);
        return reloadFailure is null ? null : new ReplicaBehind(replica, $"apply: {applyFailure}; reload: {reloadFailure}");
    }

    /// <summary>Null when the call succeeded in time; else why not. The caller's cancellation is thrown.</summary>
    private static async Task<string?> TryAsync(int replica, Func<int, CancellationToken, Task> call, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            await call(replica, linked.Token).WaitAsync(linked.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {timeout.TotalMilliseconds:0} ms";
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return exception.Message;
        }
    }
}
