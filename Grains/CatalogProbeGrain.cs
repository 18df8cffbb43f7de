using System.Collections.Immutable;
using Orleans.Concurrency;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Grains.Mapping;

namespace UmsOrleans.Grains;

[StatelessWorker]
public sealed class CatalogProbeGrain(ICatalogStore store) : Grain, ICatalogProbeGrain
{
    // '.' is not allowed in collection names, so this reads the store without touching user data.
    public Task Probe() => store.GetCollectionAsync(".probe");

    public async Task<ImmutableArray<Contracts.CollectionSpec>> ListCollections() =>
        [.. (await store.ListCollectionsAsync()).Select(s => s.ToWire())];
}
