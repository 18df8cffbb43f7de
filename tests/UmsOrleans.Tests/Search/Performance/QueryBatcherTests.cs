using UmsOrleans.Engine.Search;

namespace UmsOrleans.Tests.Search.Performance;

public class QueryBatcherTests
{
    [Fact]
    public async Task Queries_that_arrive_during_a_pass_are_answered_together_by_the_next_pass()
    {
        var firstPassEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirstPass = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new List<int>();
        var batcher = new QueryBatcher<int, int>((queries, _) =>
        {
            lock (batches) batches.Add(queries.Count);
            if (batches.Count == 1)
            {
                firstPassEntered.SetResult();
                releaseFirstPass.Task.Wait();
            }
            return queries.Select(q => q * 10).ToList();
        });

        var first = batcher.Submit(1);
        await firstPassEntered.Task;
        var waiting = Enumerable.Range(2, 9).Select(q => batcher.Submit(q)).ToList();
        releaseFirstPass.SetResult();

        Assert.Equal(10, await first);
        Assert.Equal(Enumerable.Range(2, 9).Select(q => q * 10), await Task.WhenAll(waiting));
        Assert.Equal(new[] { 1, 9 }, batches);
    }

    [Fact]
    public async Task A_pass_takes_at_most_the_batch_limit_and_a_failure_fails_only_its_own_pass()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new ManualResetEventSlim(false);
        var sizes = new List<int>();
        var batcher = new QueryBatcher<int, int>((queries, _) =>
        {
            entered.TrySetResult();
            gate.Wait();
            lock (sizes) sizes.Add(queries.Count);
            if (queries.Contains(-1)) throw new InvalidOperationException("bad batch");
            return queries.ToList();
        }, maxBatch: 3);

        var blocker = batcher.Submit(0);
        await entered.Task; // the first pass holds [0]; the rest queue behind it
        var rest = new[] { -1, 5, 6, 7, 8 }.Select(q => batcher.Submit(q)).ToList();
        gate.Set();

        Assert.Equal(0, await blocker);
        await Assert.ThrowsAsync<InvalidOperationException>(() => rest[0]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => rest[1]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => rest[2]);
        Assert.Equal(new[] { 7, 8 }, await Task.WhenAll(rest[3], rest[4]));
        Assert.Equal(new[] { 1, 3, 2 }, sizes);
    }

    [Fact]
    public async Task A_cancelled_query_leaves_the_queue_and_the_pass_it_was_alone_in_is_cancelled()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new ManualResetEventSlim(false);
        var scanned = new List<int>();
        var passTokens = new List<CancellationToken>();
        var batcher = new QueryBatcher<int, int>((queries, token) =>
        {
            lock (scanned)
            {
                scanned.AddRange(queries);
                passTokens.Add(token);
            }
            entered.TrySetResult();
            gate.Wait();
            return queries.ToList();
        });
        using var aloneInPass = new CancellationTokenSource();
        using var queued = new CancellationTokenSource();

        var running = batcher.Submit(1, aloneInPass.Token);
        await entered.Task; // the pass holds [1]
        var waiting = batcher.Submit(2, queued.Token);
        var kept = batcher.Submit(3);
        queued.Cancel();
        aloneInPass.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.True(passTokens[0].IsCancellationRequested); // its only query left, so the scan is told to stop
        gate.Set();
        Assert.Equal(3, await kept);
        Assert.Equal(new[] { 1, 3 }, scanned); // the cancelled queued query was never scanned
    }

    [Fact]
    public async Task With_several_passes_allowed_a_query_starts_while_another_pass_runs_and_no_more_than_that_run_at_once()
    {
        var running = 0;
        var most = 0;
        var twoRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new ManualResetEventSlim(false);
        var batcher = new QueryBatcher<int, int>((queries, _) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            if (now == 2) twoRunning.TrySetResult();
            gate.Wait();
            Interlocked.Decrement(ref running);
            return queries.ToList();
        }, maxBatch: 1, maxPasses: 2);

        var answers = Enumerable.Range(0, 6).Select(q => batcher.Submit(q)).ToList();
        await twoRunning.Task.WaitAsync(TimeSpan.FromSeconds(10)); // one pass alone would never get here
        gate.Set();

        Assert.Equal(Enumerable.Range(0, 6), await Task.WhenAll(answers));
        Assert.Equal(2, most);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
        }
    }
}
