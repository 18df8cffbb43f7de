using System.Collections.Immutable;
using Orleans.Concurrency;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Grains.Mapping;

namespace UmsOrleans.Grains;

[StatelessWorker]
public sealed class CatalogProbeGrain(ICatalogStore store) : Grain, ICatalogProbeGrain
{
    public async Task<ImmutableArray<Contracts.CollectionSpec>> ListCollections() =>
        [.. (await store.ListCollectionsAsync()).Select(s => s.ToWire())];
}
