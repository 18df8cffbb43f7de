using Orleans.Concurrency;
using UmsOrleans.Contracts;

namespace UmsOrleans;

/// <summary>The settings of one collection, keyed by its name; the catalog store is the source of truth.</summary>
[Alias("ums.ICollectionGrain")]
public interface ICollectionGrain : IGrainWithStringKey
{
    [Alias("create")]
    Task<CreateCollectionOutcome> Create(CollectionSpec spec);

    [ReadOnly, Alias("get")]
    Task<CollectionSpec?> Get();

    /// <summary>
    /// Makes adapter <paramref name="version"/> (null: none) the one searches use: every shard projects its vectors first,
    /// then the catalog records the choice, then the shards drop other projections. Returns the updated settings.
    /// Interleaves with <see cref="Get"/>, so searches go on meanwhile; activations of one collection run one at a time.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    /// <exception cref="ArgumentException">The version reads spaces the collection does not have.</exception>
    [AlwaysInterleave, ResponseTimeout("00:10:00"), Alias("activate-adapter")]
    Task<CollectionSpec> ActivateAdapter(int? version);

    /// <summary>
    /// Sets how many replicas hold each shard (1 to 8): recorded in the store, every primary forwards writes to them, added
    /// replicas are loaded (on silos apart from their siblings while there are enough), surplus ones dropped. Returns the
    /// updated settings. Interleaves with <see cref="Get"/>; changes of one collection run one at a time.
    /// </summary>
    [AlwaysInterleave, ResponseTimeout("00:10:00"), Alias("set-replicas")]
    Task<CollectionSpec> SetReplicas(int replicas);

    /// <summary>
    /// Starts moving the collection to <paramref name="shards"/> shards in the background (recorded in the catalog store first,
    /// so it resumes after a lost silo) and returns its progress; searches answer completely throughout and writes go to both
    /// layouts until one switch of the routing version. Nothing to do when it has that many shards.
    /// </summary>
    /// <exception cref="InvalidOperationException">A resharding to another shard count is under way.</exception>
    [AlwaysInterleave, Alias("reshard")]
    Task<ReshardStatus?> Reshard(int shards);

    /// <summary>The running or last resharding's progress since this grain was activated (null: none).</summary>
    [ReadOnly, AlwaysInterleave, Alias("get-resharding")]
    Task<ReshardStatus?> GetResharding();

    /// <summary>Deletes the collection and all its products; false when it did not exist.</summary>
    [Alias("delete")]
    Task<bool> Delete();
}
