using System.ComponentModel.DataAnnotations;

namespace UmsOrleans.Grains.Cluster;

/// <summary>How the gateway talks to shards (section <c>Ums:Search</c>).</summary>
public sealed class SearchOptions
{
    public const string Section = "Ums:Search";

    /// <summary>How long a query waits for each shard before it answers with <c>partial: true</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = $"{Section}:{nameof(ShardTimeout)} must be from 00:00:00.010 to 00:10:00.")]
    public TimeSpan ShardTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a read waits for the replica it asked before it also asks another replica of the shard (a hedge); the first
    /// answer wins. Zero: ask another only when one fails.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = $"{Section}:{nameof(HedgeDelay)} must be from 00:00:00 to 00:10:00.")]
    public TimeSpan HedgeDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Largest estimated payload of one grain call; batches are split below it.</summary>
    [Range(64 * 1024, 64 * 1024 * 1024, ErrorMessage = $"{Section}:{nameof(MaxChunkBytes)} must be from {{1}} to {{2}}.")]
    public int MaxChunkBytes { get; set; } = 4 * 1024 * 1024;
}
