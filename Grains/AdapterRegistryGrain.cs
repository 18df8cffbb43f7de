using Orleans.Concurrency;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Grains.Mapping;

namespace UmsOrleans.Grains;

[StatelessWorker]
public sealed class AdapterRegistryGrain(ICatalogStore store) : Grain, IAdapterRegistryGrain
{
    public async Task<AdapterList?> ListAdapters(string collection)
    {
        // Read from the store, not the collection grain: the active version is the one last committed.
        if (await store.GetCollectionAsync(collection) is not { } spec) return null;
        return new AdapterList(spec.ActiveAdapter, [.. (await store.ListAdaptersAsync(collection)).Select(a => a.ToWire())]);
    }

    public async Task<AdapterInfo?> GetAdapter(string collection, int version) =>
        await store.GetAdapterAsync(collection, version) is { } stored ? stored.Info.ToWire() : null;
}
