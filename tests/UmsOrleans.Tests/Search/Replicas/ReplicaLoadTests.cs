using Microsoft.Extensions.Time.Testing;
using UmsOrleans.Engine.Search.Replicas;

namespace UmsOrleans.Tests.Search.Replicas;

public class ReplicaLoadTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly ReplicaLoad _load;

    public ReplicaLoadTests() => _load = new ReplicaLoad(_time);

    private IReadOnlyList<int> Order(int replicas = 2) => _load.Order("c", 0, replicas);

    /// <summary>One answered call to <paramref name="replica"/> that took <paramref name="ms"/> milliseconds.</summary>
    private void Measure(int replica, double ms)
    {
        using var call = _load.Begin("c", 0, replica);
        _time.Advance(TimeSpan.FromMilliseconds(ms));
        call.Succeeded();
    }

    private void Fail(int replica)
    {
        using var call = _load.Begin("c", 0, replica);
        call.Failed();
    }

    [Fact]
    public void A_replica_with_fewer_calls_in_flight_goes_first()
    {
        using (_load.Begin("c", 0, 0))
        {
            for (var i = 0; i < 4; i++) Assert.Equal([1, 0], Order());
            using (_load.Begin("c", 0, 1))
            using (_load.Begin("c", 0, 1))
            {
                for (var i = 0; i < 4; i++) Assert.Equal([0, 1], Order());
            }
        }
        Assert.All(_load.Snapshot(), s => Assert.Equal(0, s.Outstanding));
    }

    [Fact]
    public void Equal_calls_in_flight_go_to_the_faster_replica()
    {
        Measure(0, 100);
        Measure(1, 10);
        for (var i = 0; i < 4; i++) Assert.Equal([1, 0], Order());
    }

    [Fact]
    public void A_slow_replica_stays_behind_a_fast_one_that_has_calls_in_flight()
    {
        Measure(0, 50);
        Measure(1, 0.3);
        using (_load.Begin("c", 0, 1))
        using (_load.Begin("c", 0, 1))
        using (_load.Begin("c", 0, 1))
        {
            // 0.3 ms × 4 is still far below 50 ms × 1.
            for (var i = 0; i < 4; i++) Assert.Equal([1, 0], Order());
        }
        Measure(1, 20);
        Measure(1, 20);
        Measure(1, 20);
        // Now about 10 ms: with two calls in flight (10 × 3 against 50 × 1) it still goes first, with six (10 × 7) it does not.
        var inFlight = Enumerable.Range(0, 6).Select(_ => _load.Begin("c", 0, 1)).ToList();
        Assert.Equal([0, 1], Order());
        foreach (var call in inFlight.Take(4)) call.Dispose();
        Assert.Equal([1, 0], Order());
        foreach (var call in inFlight.Skip(4)) call.Dispose();
    }

    [Fact]
    public void A_replica_not_measured_lately_is_probed_by_one_call_at_a_time()
    {
        Measure(0, 50);
        Measure(1, 1);
        _time.Advance(ReplicaLoad.StaleAfter);
        Measure(1, 1);
        Assert.Equal([0, 1], Order());
        using (_load.Begin("c", 0, 0))
        {
            Assert.Equal([1, 0], Order());
        }
    }

    [Fact]
    public void The_latency_average_weighs_the_newest_answer_by_a_fifth()
    {
        Measure(0, 100);
        Measure(0, 200);
        var snapshot = Assert.Single(_load.Snapshot());
        Assert.Equal(120, snapshot.LatencyMs!.Value, 3);
    }

    [Fact]
    public void A_replica_that_failed_lately_goes_after_every_healthy_one_until_the_penalty_ends()
    {
        using var busy = _load.Begin("c", 0, 1);
        Fail(0);
        for (var i = 0; i < 4; i++) Assert.Equal([1, 0], Order());
        Assert.NotNull(_load.Snapshot().Single(s => s.Replica == 0).LastFailure);

        _time.Advance(ReplicaLoad.FailurePenalty + TimeSpan.FromMilliseconds(1));
        Assert.Equal([0, 1], Order());
    }

    [Fact]
    public void A_shard_of_another_layout_keeps_its_own_record()
    {
        // Shard 0 of layout 1 (after a resharding) is other replicas than shard 0 of layout 0: its failures and calls are its own.
        using var busy = _load.Begin("c", 0, 1, layout: 1);
        Fail(0);
        Assert.Equal([1, 0], Order());
        for (var i = 0; i < 4; i++) Assert.Equal([0, 1], _load.Order("c", 0, 2, layout: 1));
    }

    [Fact]
    public void An_answer_to_a_call_begun_after_the_failure_ends_the_penalty()
    {
        using var busy = _load.Begin("c", 0, 1);
        var before = _load.Begin("c", 0, 0);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Fail(0);
        before.Succeeded();
        before.Dispose();
        Assert.Equal([1, 0], Order());

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Measure(0, 1);
        Assert.Equal([0, 1], Order());
    }

    [Fact]
    public void A_stale_latency_counts_as_unknown_so_a_once_slow_replica_is_tried_again()
    {
        Measure(0, 500);
        Measure(1, 5);
        Assert.Equal([1, 0], Order());

        _time.Advance(ReplicaLoad.StaleAfter);
        Measure(1, 5);
        Assert.Equal([0, 1], Order());
        Assert.Null(_load.Snapshot().Single(s => s.Replica == 0).LatencyMs);
    }

    [Fact]
    public void Equal_replicas_take_turns()
    {
        var first = new int[3];
        for (var i = 0; i < 99; i++) first[Order(3)[0]]++;
        Assert.Equal([33, 33, 33], first);
    }

    [Fact]
    public void Replicas_of_about_the_same_latency_share_the_load()
    {
        Measure(0, 10);
        Measure(1, 10.5);
        var first = new int[2];
        for (var i = 0; i < 100; i++) first[Order()[0]]++;
        Assert.All(first, count => Assert.True(count > 0));
    }

    [Fact]
    public void Forget_drops_a_collection_and_keeps_the_others()
    {
        _load.Order("gone", 0, 2);
        _load.Order("kept", 1, 2);
        _load.Forget("gone");
        Assert.All(_load.Snapshot(), s => Assert.Equal("kept", s.Collection));
        Assert.Equal([0, 1], _load.Snapshot().Select(s => s.Replica));
    }

    [Fact]
    public void A_call_ends_once_and_records_one_outcome()
    {
        var call = _load.Begin("c", 0, 0);
        call.Succeeded();
        call.Failed();
        call.Dispose();
        call.Dispose();
        var snapshot = Assert.Single(_load.Snapshot());
        Assert.Equal(0, snapshot.Outstanding);
        Assert.Null(snapshot.LastFailure);
    }
}
