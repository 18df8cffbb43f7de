using System.Collections.Immutable;
using UmsOrleans.Contracts;

namespace UmsOrleans;

/// <summary>Reads of the catalog store that belong to no single collection: the list (also the health check's probe of the store).</summary>
[Alias("ums.ICatalogProbeGrain")]
public interface ICatalogProbeGrain : IGrainWithIntegerKey
{
    [Alias("list")]
    Task<ImmutableArray<CollectionSpec>> ListCollections();
}
