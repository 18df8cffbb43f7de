using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Telemetry;

namespace UmsOrleans.Engine.Search;

/// <summary>The merged answer of all shards; <see cref="MissingShards"/> lists shards that failed or timed out.</summary>
public sealed record FanOutResult(IReadOnlyList<SearchHit> Hits, IReadOnlyList<int> MissingShards)
{
    public bool Partial => MissingShards.Count > 0;
}

/// <summary>A shard that did not answer, and why.</summary>
public sealed record ShardFailure(int Shard, string Reason);

/// <summary>
/// Sends a call to every shard in parallel, waits at most the timeout for each, and (for searches) merges the
/// answers. A shard that fails or is late is reported, never dropped silently. Plain class: the shard call is a
/// delegate, so the policy is tested without a cluster.
/// </summary>
public static class ShardFanOut
{
    public static async Task<(IReadOnlyList<FanOutResult> Results, IReadOnlyList<ShardFailure> Failures)> SearchAsync(
        int shards,
        IReadOnlyList<int> k,
        Func<int, CancellationToken, Task<IReadOnlyList<IReadOnlyList<SearchHit>>>> callShard,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (answers, failures) = await CallEveryAsync(shards, callShard, timeout, time, cancellationToken);
        var missing = failures.Select(f => f.Shard).Order().ToList();
        var succeeded = answers.OfType<IReadOnlyList<IReadOnlyList<SearchHit>>>().ToList();
        using var merge = UmsInstruments.Source.StartActivity("ums.search.merge");
        merge?.SetTag("ums.shards.answered", succeeded.Count);
        var results = new FanOutResult[k.Count];
        for (var q = 0; q < k.Count; q++)
        {
            var perShard = succeeded.Select(lists => lists[q]).ToList();
            results[q] = new FanOutResult(TopKMerger.Merge(perShard, k[q]), missing);
        }
        return (results, failures);
    }

    /// <summary>
    /// Calls every shard at once under one deadline: the answers by shard (null for a shard that failed or was late)
    /// and why each of those did not answer. <see cref="CollectionNotFoundException"/> and the caller's cancellation
    /// end the whole fan-out.
    /// </summary>
    public static async Task<(T?[] Answers, IReadOnlyList<ShardFailure> Failures)> CallEveryAsync<T>(
        int shards, Func<int, CancellationToken, Task<T>> callShard, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) where T : class
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var answers = await Task.WhenAll(Enumerable.Range(0, shards).Select(shard => CallAsync(shard, callShard, timeout, linked.Token)));
        cancellationToken.ThrowIfCancellationRequested();
        return ([.. answers.Select(a => a.Answer)], [.. answers.Where(a => a.Failure is not null).Select(a => a.Failure!)]);
    }

    private static async Task<(T? Answer, ShardFailure? Failure)> CallAsync<T>(
        int shard, Func<int, CancellationToken, Task<T>> callShard, TimeSpan timeout, CancellationToken cancellationToken) where T : class
    {
        try
        {
            // The token carries the deadline: waiting on it also ends a call whose callee ignores cancellation.
            return (await callShard(shard, cancellationToken).WaitAsync(cancellationToken), null);
        }
        catch (OperationCanceledException)
        {
            return (null, new ShardFailure(shard, $"no answer within {timeout.TotalMilliseconds:0} ms"));
        }
        catch (Exception exception) when (exception is not CollectionNotFoundException)
        {
            return (null, new ShardFailure(shard, exception.Message));
        }
    }
}
