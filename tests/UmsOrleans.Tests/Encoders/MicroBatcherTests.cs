using Microsoft.Extensions.Time.Testing;
using UmsOrleans.Engine.Encoders.Batching;

namespace UmsOrleans.Tests.Encoders;

public sealed class MicroBatcherTests
{
    private readonly List<int> _batchSizes = [];

    private Task<IReadOnlyList<int>> Double(IReadOnlyList<int> items, CancellationToken _)
    {
        lock (_batchSizes) _batchSizes.Add(items.Count);
        return Task.FromResult<IReadOnlyList<int>>(items.Select(i => i * 2).ToList());
    }

    [Fact]
    public async Task Concurrent_requests_share_one_batch_that_closes_when_full()
    {
        var time = new FakeTimeProvider();
        await using var batcher = new MicroBatcher<int, int>(Double, new MicroBatchOptions(8, TimeSpan.FromHours(1)), time);
        var results = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => batcher.SubmitAsync(i)));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => i * 2), results);
        Assert.Equal([8], _batchSizes);
    }

    [Fact]
    public async Task A_partial_batch_waits_for_max_wait_then_runs_together()
    {
        var time = new TimerWatchingTimeProvider();
        var maxWait = TimeSpan.FromMilliseconds(50);
        await using var batcher = new MicroBatcher<int, int>(Double, new MicroBatchOptions(8, maxWait), time);
        var pending = Task.WhenAll(Enumerable.Range(1, 3).Select(i => batcher.SubmitAsync(i)));

        // The batch's wait starts when the batcher sets its timer; until the fake clock reaches it, nothing runs.
        await time.TimerCreated.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(maxWait - TimeSpan.FromTicks(1));
        Assert.False(pending.IsCompleted, "the batch must not close before its wait has passed on the batcher's clock");
        time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(new[] { 2, 4, 6 }, await pending.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal([3], _batchSizes);
    }

    /// <summary>A fake clock that says when a timer is set on it: the barrier between the batcher and the test.</summary>
    private sealed class TimerWatchingTimeProvider : FakeTimeProvider
    {
        private readonly TaskCompletionSource _timerCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task TimerCreated => _timerCreated.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _timerCreated.TrySetResult();
            return timer;
        }
    }

    [Fact]
    public async Task Batches_never_exceed_the_maximum_size()
    {
        await using var batcher = new MicroBatcher<int, int>(Double, new MicroBatchOptions(4, TimeSpan.Zero));
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => batcher.SubmitAsync(i)));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i * 2), results);
        Assert.Equal(50, _batchSizes.Sum());
        Assert.All(_batchSizes, size => Assert.InRange(size, 1, 4));
    }

    [Fact]
    public async Task A_failing_batch_fails_its_requests_and_the_batcher_goes_on()
    {
        var calls = 0;
        await using var batcher = new MicroBatcher<int, int>(
            (items, _) => Interlocked.Increment(ref calls) == 1
                ? throw new InvalidOperationException("model crashed")
                : Task.FromResult<IReadOnlyList<int>>(items.ToList()),
            new MicroBatchOptions(1, TimeSpan.Zero));
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.SubmitAsync(1));
        Assert.Equal("model crashed", failure.Message);
        Assert.Equal(7, await batcher.SubmitAsync(7));
    }
}
