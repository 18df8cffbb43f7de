using System.Runtime.ExceptionServices;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Search.Replicas;

/// <summary>
/// One shard call answered by one of its replicas: the best by <see cref="ReplicaLoad.Order"/> first, the next at
/// once when it fails, and the next also when none has answered within the hedge delay, so a slow or dead replica
/// costs one hedge delay instead of the shard timeout. When every replica was asked and none answered, each replica
/// is asked once more: one still silent after twice the hedge delay (a request lost on the way: an Orleans client's
/// messages through a gateway silo that died are never answered, not refused), one that failed after the hedge delay
/// (a client that still routes through a dead gateway fails every replica at once, for a moment). The first answer
/// wins; the other calls are cancelled.
/// </summary>
public static class HedgedReplicaCall
{
    /// <summary>
    /// The first answer of the shard's replicas. <see cref="CollectionNotFoundException"/> and
    /// <see cref="ArgumentException"/> (the same on every replica) end the call at once; the caller's cancellation
    /// throws <see cref="OperationCanceledException"/>. A <paramref name="hedgeDelay"/> of zero, less or
    /// <see cref="Timeout.InfiniteTimeSpan"/> only fails over.
    /// </summary>
    /// <exception cref="ReplicaSetUnavailableException">Every replica of several failed (a shard's only replica fails with its own error).</exception>
    public static async Task<T> CallAsync<T>(
        string collection,
        int layout,
        int shard,
        int replicas,
        ReplicaLoad load,
        Func<int, CancellationToken, Task<T>> callReplica,
        TimeSpan hedgeDelay,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replicas);
        cancellationToken.ThrowIfCancellationRequested();
        var order = load.Order(collection, shard, replicas, layout);
        using var calls = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new List<Attempt<T>>(replicas);
        var failures = new List<(int Replica, Exception Error)>();
        CancellationTokenSource? hedgeTimer = null;
        Task? hedge = null;
        var started = 0;
        var askedAgain = new HashSet<int>();
        try
        {
            StartNext();
            while (true)
            {
                var waiting = running.Select(a => a.Task);
                var finished = await Task.WhenAny(hedge is null ? waiting : waiting.Append(hedge));
                cancellationToken.ThrowIfCancellationRequested();
                if (finished == hedge)
                {
                    if (started < order.Count) StartNext();
                    else AskAgain();
                    continue;
                }
                var attempt = running.First(a => a.Task == finished);
                running.Remove(attempt);
                if (attempt.Answered)
                {
                    foreach (var slower in running.Where(a => a.Sequence < attempt.Sequence)) slower.Call.Overtaken();
                    return attempt.Answer!;
                }
                var error = attempt.Error!;
                if (PassesThrough(error)) ExceptionDispatchInfo.Throw(error);
                failures.Add((attempt.Replica, error));
                if (started < order.Count) StartNext();
                else if (running.Count > 0) continue;
                else if (replicas > 1 && hedgeDelay > TimeSpan.Zero && FailedNotAskedAgain().Any())
                {
                    StopHedgeTimer();
                    StartHedgeTimer(hedgeDelay);
                }
                else if (failures.Count == 1) ExceptionDispatchInfo.Throw(error);
                else throw new ReplicaSetUnavailableException(collection, shard, [.. failures.GroupBy(f => f.Replica).Select(g => g.Last())]);
            }
        }
        finally
        {
            StopHedgeTimer();
            await calls.CancelAsync();
            // Each attempt ends as soon as its token is cancelled (the replica's own task is left to finish), so the
            // outstanding counts are back when this returns.
            await Task.WhenAll(running.Select(a => a.Task));
        }

        void StartNext() => Start(order[started]);

        // A still silent replica first (the one the timer was set for may have failed since), else one that failed.
        void AskAgain()
        {
            int? replica = running.OrderBy(a => a.Sequence).FirstOrDefault(a => !askedAgain.Contains(a.Replica))?.Replica;
            replica ??= FailedNotAskedAgain().Cast<int?>().FirstOrDefault();
            StopHedgeTimer();
            if (replica is not { } again) return;
            askedAgain.Add(again);
            Start(again);
        }

        IEnumerable<int> FailedNotAskedAgain() => failures.Select(f => f.Replica).Distinct().Where(r => !askedAgain.Contains(r));

        void Start(int replica)
        {
            var attempt = new Attempt<T>(replica, started, load.Begin(collection, shard, replica, layout));
            started++;
            running.Add(attempt);
            attempt.Task = RunAsync(attempt, callReplica, calls.Token);
            StopHedgeTimer();
            if (hedgeDelay <= TimeSpan.Zero) return;
            if (started < order.Count) StartHedgeTimer(hedgeDelay);
            else if (replicas > 1 && (running.Any(a => !askedAgain.Contains(a.Replica)) || FailedNotAskedAgain().Any())) StartHedgeTimer(hedgeDelay * 2);
        }

        void StartHedgeTimer(TimeSpan delay)
        {
            hedgeTimer = new CancellationTokenSource();
            hedge = Task.Delay(delay, time, hedgeTimer.Token);
        }

        void StopHedgeTimer()
        {
            hedgeTimer?.Cancel();
            hedgeTimer?.Dispose();
            hedgeTimer = null;
            hedge = null;
        }
    }

    /// <summary>Errors that every replica would give alike: trying another only delays them.</summary>
    private static bool PassesThrough(Exception exception) => exception is CollectionNotFoundException or ArgumentException;

    /// <summary>Calls one replica and records how it went; never throws.</summary>
    private static async Task RunAsync<T>(
        Attempt<T> attempt, Func<int, CancellationToken, Task<T>> callReplica, CancellationToken cancellationToken)
    {
        using var call = attempt.Call;
        Task<T>? task = null;
        try
        {
            task = callReplica(attempt.Replica, cancellationToken);
            // Waiting on the token too ends an attempt whose replica ignores cancellation.
            attempt.Answer = await task.WaitAsync(cancellationToken);
            attempt.Answered = true;
            call.Succeeded();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Another replica answered or the caller gave up: neither latency nor failure. The replica's task may still
            // fail; its exception is observed so it never surfaces as an unobserved task exception.
            _ = task?.ContinueWith(
                static t => t.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
        catch (Exception exception)
        {
            attempt.Error = exception;
            if (!PassesThrough(exception)) call.Failed();
        }
    }

    /// <summary>One replica called: <see cref="Sequence"/> is its place in the calling order.</summary>
    private sealed class Attempt<T>(int replica, int sequence, ReplicaCall call)
    {
        public int Replica { get; } = replica;

        public int Sequence { get; } = sequence;

        public ReplicaCall Call { get; } = call;

        public Task Task { get; set; } = Task.CompletedTask;

        public bool Answered { get; set; }

        public T? Answer { get; set; }

        public Exception? Error { get; set; }
    }
}
