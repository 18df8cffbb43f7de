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

    /// <summary>Deletes the collection and all its products; false when it did not exist.</summary>
    [Alias("delete")]
    Task<bool> Delete();
}
