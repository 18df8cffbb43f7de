using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Replicas;

namespace UmsOrleans.Tests.Search.Replicas;

public class HedgedReplicaCallTests
{
    private static readonly TimeSpan Hedge = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly ReplicaLoad _load;

    public HedgedReplicaCallTests() => _load = new ReplicaLoad(_time);

    /// <summary>A shard whose replicas answer as told, recording who was called with which token.</summary>
    private sealed class Replicas(Func<int, CancellationToken, Task<string>> answer)
    {
        private readonly ConcurrentQueue<int> _called = new();
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _calledSignals = new();

        public ConcurrentDictionary<int, CancellationToken> Tokens { get; } = new();

        public int[] Called => [.. _called];

        public Task<string> Call(int replica, CancellationToken token)
        {
            _called.Enqueue(replica);
            Tokens[replica] = token;
            Signal(replica).TrySetResult();
            return answer(replica, token);
        }

        public Task WhenCalled(int replica) => Signal(replica).Task.WaitAsync(Patience);

        private TaskCompletionSource Signal(int replica) =>
            _calledSignals.GetOrAdd(replica, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    private Task<string> CallAsync(
        Replicas replicas, int count = 2, TimeSpan? hedge = null, CancellationToken cancellationToken = default) =>
        HedgedReplicaCall.CallAsync("c", 0, 0, count, _load, replicas.Call, hedge ?? Hedge, _time, cancellationToken);

    private void AssertNothingOutstanding() => Assert.All(_load.Snapshot(), s => Assert.Equal(0, s.Outstanding));

    private static Task<string> Answer(int replica) => Task.FromResult($"replica {replica}");

    [Fact]
    public async Task A_failing_replica_is_followed_by_the_next_at_once()
    {
        var replicas = new Replicas((replica, _) => replica == 0
            ? Task.FromException<string>(new InvalidOperationException("silo down"))
            : Answer(replica));

        Assert.Equal("replica 1", await CallAsync(replicas).WaitAsync(Patience));
        Assert.Equal([0, 1], replicas.Called);
        Assert.NotNull(_load.Snapshot().Single(s => s.Replica == 0).LastFailure);
        AssertNothingOutstanding();
    }

    [Fact]
    public async Task When_every_replica_fails_the_error_names_each()
    {
        var replicas = new Replicas((replica, _) => Task.FromException<string>(new InvalidOperationException($"boom {replica}")));

        // Each is asked once more (after the hedge delay, then twice that) before the call gives up.
        var call = CallAsync(replicas);
        await Task.Delay(20);
        _time.Advance(Hedge);
        await Task.Delay(20);
        _time.Advance(Hedge * 2);
        var error = await Assert.ThrowsAsync<ReplicaSetUnavailableException>(() => call.WaitAsync(Patience));

        Assert.Equal("all 2 replicas failed: replica 0: boom 0; replica 1: boom 1", error.Message);
        Assert.Equal([0, 1], error.Failures.Select(f => f.Replica));
        Assert.Equal([0, 1, 0, 1], replicas.Called);
        Assert.All(error.Failures, f => Assert.IsType<InvalidOperationException>(f.Error));
        AssertNothingOutstanding();
    }

    public static TheoryData<string> SameOnEveryReplica => ["collection", "argument"];

    [Theory]
    [MemberData(nameof(SameOnEveryReplica))]
    public async Task An_error_every_replica_would_give_is_thrown_without_asking_another(string kind)
    {
        Exception thrown = kind == "collection" ? new CollectionNotFoundException("c") : new ArgumentException("bad filter");
        var replicas = new Replicas((_, _) => Task.FromException<string>(thrown));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => CallAsync(replicas).WaitAsync(Patience));

        Assert.Same(thrown, error);
        Assert.Equal([0], replicas.Called);
        Assert.Null(_load.Snapshot().Single(s => s.Replica == 0).LastFailure);
        AssertNothingOutstanding();
    }

    [Fact]
    public async Task A_silent_replica_is_hedged_after_the_delay_and_cancelled_when_the_hedge_answers()
    {
        var silent = new TaskCompletionSource<string>();
        var replicas = new Replicas((replica, _) => replica == 0 ? silent.Task : Answer(replica));

        var call = CallAsync(replicas);
        _time.Advance(Hedge - TimeSpan.FromMilliseconds(1));
        await Task.Delay(20);
        Assert.Equal([0], replicas.Called);
        Assert.False(call.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("replica 1", await call.WaitAsync(Patience));
        Assert.Equal([0, 1], replicas.Called);
        Assert.True(replicas.Tokens[0].IsCancellationRequested);
        AssertNothingOutstanding();
    }

    [Fact]
    public async Task Each_further_hedge_delay_without_an_answer_starts_the_next_replica()
    {
        var replicas = new Replicas((replica, _) => replica == 2 ? Answer(replica) : new TaskCompletionSource<string>().Task);

        var call = CallAsync(replicas, count: 3);
        _time.Advance(Hedge);
        await replicas.WhenCalled(1);
        Assert.False(call.IsCompleted);
        _time.Advance(Hedge);

        Assert.Equal("replica 2", await call.WaitAsync(Patience));
        Assert.Equal([0, 1, 2], replicas.Called);
        Assert.True(replicas.Tokens[0].IsCancellationRequested);
        Assert.True(replicas.Tokens[1].IsCancellationRequested);
        AssertNothingOutstanding();
    }

    [Fact]
    public async Task When_every_replica_is_silent_each_is_asked_once_more_after_twice_the_delay()
    {
        // The first request to each replica is lost (never answered); the second reaches it.
        var asked = new ConcurrentDictionary<int, int>();
        var replicas = new Replicas((replica, _) => asked.AddOrUpdate(replica, 1, (_, n) => n + 1) == 1 ? new TaskCompletionSource<string>().Task : Answer(replica));

        var call = CallAsync(replicas);
        _time.Advance(Hedge);
        await replicas.WhenCalled(1);
        _time.Advance(Hedge * 2 - TimeSpan.FromMilliseconds(1));
        await Task.Delay(20);
        Assert.False(call.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("replica 0", await call.WaitAsync(Patience));
        Assert.Equal([0, 1, 0], replicas.Called);
        AssertNothingOutstanding();
    }

    [Fact]
    public async Task When_every_replica_fails_at_once_one_is_asked_again_after_the_delay()
    {
        // A client still routing through a dead gateway: every replica's first call fails at once, the next one goes through.
        var asked = new ConcurrentDictionary<int, int>();
        var replicas = new Replicas((replica, _) => asked.AddOrUpdate(replica, 1, (_, n) => n + 1) == 1
            ? Task.FromException<string>(new InvalidOperationException("connection refused"))
            : Answer(replica));

        var call = CallAsync(replicas);
        await replicas.WhenCalled(1);
        await Task.Delay(20);
        Assert.False(call.IsCompleted);
        _time.Advance(Hedge);

        Assert.Equal("replica 0", await call.WaitAsync(Patience));
        Assert.Equal([0, 1, 0], replicas.Called);
        AssertNothingOutstanding();
    }

    [Fact]
    public async Task A_replica_asked_again_is_asked_only_once_more()
    {
        var replicas = new Replicas((_, _) => new TaskCompletionSource<string>().Task);
        using var cancel = new CancellationTokenSource();

        var call = CallAsync(replicas, cancellationToken: cancel.Token);
        for (var step = 0; step < 20; step++)
        {
            _time.Advance(Hedge);
            await Task.Delay(5);
        }
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Patience));
        Assert.Equal([0, 1, 0, 1], replicas.Called);
        AssertNothingOutstanding();
    }

    [Fact]
    public async Task A_replica_answering_within_the_delay_is_not_hedged()
    {
        var answer = new TaskCompletionSource<string>();
        var replicas = new Replicas((replica, _) => replica == 0 ? answer.Task : Answer(replica));

        var call = CallAsync(replicas);
        _time.Advance(Hedge / 2);
        answer.SetResult("replica 0");
        Assert.Equal("replica 0", await call.WaitAsync(Patience));
        _time.Advance(Hedge * 10);
        await Task.Delay(20);

        Assert.Equal([0], replicas.Called);
        Assert.Equal(Hedge.TotalMilliseconds / 2, _load.Snapshot().Single(s => s.Replica == 0).LatencyMs!.Value, 3);
        AssertNothingOutstanding();
    }

    [Fact]
    public async Task After_a_replica_was_slow_once_the_next_call_asks_the_other_first()
    {
        var replicas = new Replicas((replica, _) => replica == 0 ? new TaskCompletionSource<string>().Task : Answer(replica));

        var first = CallAsync(replicas);
        _time.Advance(Hedge);
        Assert.Equal("replica 1", await first.WaitAsync(Patience));

        // No time passes: a second hedge delay would leave this call unanswered.
        Assert.Equal("replica 1", await CallAsync(replicas).WaitAsync(Patience));
        Assert.Equal([0, 1, 1], replicas.Called);
        AssertNothingOutstanding();
    }

    [Fact]
    public async Task The_callers_cancellation_cancels_every_replica_call()
    {
        var replicas = new Replicas((_, _) => new TaskCompletionSource<string>().Task);
        using var cancel = new CancellationTokenSource();

        var call = CallAsync(replicas, cancellationToken: cancel.Token);
        _time.Advance(Hedge);
        await replicas.WhenCalled(1);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Patience));
        Assert.True(replicas.Tokens[0].IsCancellationRequested);
        Assert.True(replicas.Tokens[1].IsCancellationRequested);
        Assert.All(_load.Snapshot(), s => Assert.Null(s.LastFailure));
        AssertNothingOutstanding();
    }

    [Fact]
    public async Task One_replica_is_called_once_without_hedging()
    {
        var silent = new TaskCompletionSource<string>();
        var replicas = new Replicas((_, _) => silent.Task);

        var call = CallAsync(replicas, count: 1);
        _time.Advance(Hedge * 10);
        await Task.Delay(20);
        Assert.False(call.IsCompleted);
        Assert.Equal(1, Assert.Single(_load.Snapshot()).Outstanding);

        silent.SetException(new InvalidOperationException("down"));
        // A shard's only replica fails with its own error, so callers see what they saw before replicas existed.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => call.WaitAsync(Patience));
        Assert.Equal("down", error.Message);
        Assert.Equal([0], replicas.Called);
        AssertNothingOutstanding();
    }

    public static TheoryData<TimeSpan> NoHedging => [TimeSpan.Zero, Timeout.InfiniteTimeSpan];

    [Theory]
    [MemberData(nameof(NoHedging))]
    public async Task Without_a_hedge_delay_a_slow_replica_is_waited_for_and_a_failed_one_still_fails_over(TimeSpan hedge)
    {
        var slow = new TaskCompletionSource<string>();
        var replicas = new Replicas((replica, _) => replica == 0 ? slow.Task : Answer(replica));

        var call = CallAsync(replicas, hedge: hedge);
        _time.Advance(TimeSpan.FromHours(1));
        await Task.Delay(20);
        Assert.Equal([0], replicas.Called);

        slow.SetException(new TimeoutException("late"));
        Assert.Equal("replica 1", await call.WaitAsync(Patience));
        AssertNothingOutstanding();
    }

    [Fact]
    public async Task A_losing_replica_that_fails_later_leaves_no_unobserved_exception()
    {
        var marker = Guid.NewGuid().ToString();
        var control = Guid.NewGuid().ToString();
        var seen = new ConcurrentBag<string>();
        void Handler(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            foreach (var error in e.Exception.Flatten().InnerExceptions) seen.Add(error.Message);
        }
        TaskScheduler.UnobservedTaskException += Handler;
        try
        {
            await LoseThenFailAsync(marker);
            LeaveUnobserved(control);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Assert.Contains(control, seen);
            Assert.DoesNotContain(marker, seen);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= Handler;
        }
    }

    /// <summary>The control: a task failed and never observed, which the test above must see reported.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LeaveUnobserved(string marker) => _ = Task.FromException(new InvalidOperationException(marker));

    /// <summary>Not inlined, so nothing here keeps the losing replica's task alive for the collection above.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task LoseThenFailAsync(string marker)
    {
        var late = new TaskCompletionSource<string>();
        var replicas = new Replicas((replica, _) => replica == 0 ? late.Task : Answer(replica));
        var call = CallAsync(replicas);
        _time.Advance(Hedge);
        Assert.Equal("replica 1", await call.WaitAsync(Patience));
        late.SetException(new InvalidOperationException(marker));
    }
}
