namespace UmsOrleans.Grains.Cluster;

internal static class ShardLoads
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Activates <paramref name="replica"/> and waits until its partition has loaded, asking again rather than awaiting one long
    /// call: a call waiting for the load would hold the replica's turn, and the writes its primary forwards meanwhile would wait
    /// behind it (and searches to the primary behind those).
    /// </summary>
    public static async Task WaitUntilLoadedAsync(this IGalleryShardGrain replica, TimeProvider time, CancellationToken cancellationToken)
    {
        while (!await replica.Loaded()) await Task.Delay(PollInterval, time, cancellationToken);
    }
}
