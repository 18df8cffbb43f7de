using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Grains.Hosting;

/// <summary>
/// On one silo: partitions a standby loaded and handed over, each waiting for the replica it stood for to arrive by migration
/// and take it (instead of loading from the store). One that no activation takes within <see cref="Expiry"/> (the migration
/// failed or went elsewhere) gives its memory back.
/// </summary>
public sealed partial class HandedOverPartitions(TimeProvider time, ILogger<HandedOverPartitions> logger) : IDisposable
{
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, Waiting> _waiting = new(StringComparer.Ordinal);

    /// <summary>
    /// Leaves <paramref name="index"/>, loaded for the collection's <paramref name="generation"/>, for the replica whose grain key is
    /// <paramref name="replicaKey"/> to take under <paramref name="handOver"/> (replacing one left before).
    /// </summary>
    public void Offer(string replicaKey, Guid handOver, ShardIndex index, string generation)
    {
        var waiting = new Waiting(index, handOver, generation);
        waiting.Timer = time.CreateTimer(_ => Expire(replicaKey, waiting), null, Expiry, Timeout.InfiniteTimeSpan);
        _waiting.AddOrUpdate(replicaKey, waiting, (_, earlier) =>
        {
            earlier.Release();
            return waiting;
        });
    }

    /// <summary>
    /// The partition left for <paramref name="replicaKey"/> under <paramref name="handOver"/>, which the caller now owns; null when none
    /// waits. One left under another hand-off (the move carried no writes for it) or for another generation (the collection was
    /// deleted and created again meanwhile) is released.
    /// </summary>
    public ShardIndex? Take(string replicaKey, Guid handOver, string generation)
    {
        if (!_waiting.TryRemove(replicaKey, out var waiting)) return null;
        if (waiting.HandOver != handOver || waiting.Generation != generation)
        {
            waiting.Release();
            return null;
        }
        waiting.Timer?.Dispose();
        return waiting.Index;
    }

    public int Count => _waiting.Count;

    private void Expire(string replicaKey, Waiting waiting)
    {
        if (!_waiting.TryRemove(KeyValuePair.Create(replicaKey, waiting))) return;
        LogExpired(replicaKey, Expiry.TotalSeconds);
        waiting.Release();
    }

    public void Dispose()
    {
        foreach (var key in _waiting.Keys)
        {
            if (_waiting.TryRemove(key, out var waiting)) waiting.Release();
        }
    }

    private sealed class Waiting(ShardIndex index, Guid handOver, string generation)
    {
        public ShardIndex Index { get; } = index;

        public Guid HandOver { get; } = handOver;

        public string Generation { get; } = generation;

        public ITimer? Timer { get; set; }

        public void Release()
        {
            Timer?.Dispose();
            Index.ReleaseMemory();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The partition handed over for shard replica '{Replica}' was not taken within {Seconds:0} s; its memory is given back (the replica loads from the store instead)")]
    private partial void LogExpired(string replica, double seconds);
}
