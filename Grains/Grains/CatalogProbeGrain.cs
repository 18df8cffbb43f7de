using Orleans.Concurrency;
using UmsOrleans.Catalog;

namespace UmsOrleans.Grains;

[StatelessWorker]
public sealed class CatalogProbeGrain(ICatalogStore store) : Grain, ICatalogProbeGrain
{
    // '.' is not allowed in collection names, so this reads the store without touching user data.
    public Task Probe() => store.GetCollectionAsync(".probe");
}
