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
/// Sends a query to every shard in parallel, waits at most the timeout for each, and merges the answers.
/// A shard that fails or is late is reported, never dropped silently. Plain class: the shard call is a
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
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var calls = Enumerable.Range(0, shards)
            .Select(shard => CallAsync(shard, callShard, timeout, linked.Token))
            .ToArray();
        var answers = await Task.WhenAll(calls);
        cancellationToken.ThrowIfCancellationRequested();

        var failures = answers.Where(a => a.Failure is not null).Select(a => a.Failure!).ToList();
        var missing = failures.Select(f => f.Shard).Order().ToList();
        var succeeded = answers.Where(a => a.Lists is not null).Select(a => a.Lists!).ToList();
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

    private static async Task<(IReadOnlyList<IReadOnlyList<SearchHit>>? Lists, ShardFailure? Failure)> CallAsync(
        int shard,
        Func<int, CancellationToken, Task<IReadOnlyList<IReadOnlyList<SearchHit>>>> callShard,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        try
        {
            // The token carries the deadline: waiting on it also ends a call whose callee ignores cancellation.
            var lists = await callShard(shard, cancellationToken).WaitAsync(cancellationToken);
            return (lists, null);
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
