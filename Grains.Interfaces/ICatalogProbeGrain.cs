using System.Collections.Immutable;
using UmsOrleans.Contracts;

namespace UmsOrleans;

/// <summary>Reads of the catalog store that belong to no single collection: health probe and the list.</summary>
[Alias("ums.ICatalogProbeGrain")]
public interface ICatalogProbeGrain : IGrainWithIntegerKey
{
    /// <summary>Answers only when the silo that runs it can read the catalog store (health checks).</summary>
    [Alias("probe")]
    Task Probe();

    [Alias("list")]
    Task<ImmutableArray<CollectionSpec>> ListCollections();
}
