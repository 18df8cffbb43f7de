using UmsOrleans.Engine.Search.Replicas;

namespace UmsOrleans.Tests.Search.Replicas;

public class ReplicaApplicationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Every_replica_but_the_primary_applies_the_write()
    {
        var applied = new List<int>();
        var behind = await ReplicaApplication.ApplyEverywhereAsync(
            Enumerable.Range(1, 2), (replica, _) => { lock (applied) applied.Add(replica); return Task.CompletedTask; }, (_, _) => throw new InvalidOperationException("no reload expected"),
            Timeout, TimeProvider.System, CancellationToken.None);
        Assert.Empty(behind);
        Assert.Equal([1, 2], applied.Order());
    }

    [Fact]
    public async Task A_replica_that_fails_to_apply_but_reloads_is_not_behind()
    {
        var reloaded = new List<int>();
        var behind = await ReplicaApplication.ApplyEverywhereAsync(
            Enumerable.Range(1, 2), (replica, _) => replica == 2 ? throw new InvalidOperationException("over budget") : Task.CompletedTask,
            (replica, _) => { lock (reloaded) reloaded.Add(replica); return Task.CompletedTask; },
            Timeout, TimeProvider.System, CancellationToken.None);
        Assert.Empty(behind);
        Assert.Equal([2], reloaded);
    }

    [Fact]
    public async Task A_replica_that_neither_applies_nor_reloads_in_time_is_reported_with_both_reasons()
    {
        var behind = await ReplicaApplication.ApplyEverywhereAsync(
            Enumerable.Range(1, 1), (_, token) => Task.Delay(System.Threading.Timeout.Infinite, token), (_, _) => throw new InvalidOperationException("silo unavailable"),
            Timeout, TimeProvider.System, CancellationToken.None);
        var replica = Assert.Single(behind);
        Assert.Equal(1, replica.Replica);
        Assert.Contains("no answer within 300 ms", replica.Reason);
        Assert.Contains("silo unavailable", replica.Reason);
    }

    [Fact]
    public async Task One_replica_means_nothing_to_forward()
    {
        var behind = await ReplicaApplication.ApplyEverywhereAsync(
            Enumerable.Range(1, 0), (_, _) => throw new InvalidOperationException("never called"), (_, _) => throw new InvalidOperationException("never called"),
            Timeout, TimeProvider.System, CancellationToken.None);
        Assert.Empty(behind);
    }
}
