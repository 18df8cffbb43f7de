using UmsOrleans.Engine.Catalog;
using UmsOrleans.Grains.Mapping;
using UmsOrleans.Routing;
using WireSpec = UmsOrleans.Contracts.CollectionSpec;

namespace UmsOrleans.Grains;

/// <summary>Thin adapter: a collection's settings, read from and written to the catalog store.</summary>
public sealed class CollectionGrain(ICatalogStore store) : Grain, ICollectionGrain
{
    private WireSpec? _spec;
    private bool _loaded;

    public async Task<Contracts.CreateCollectionOutcome> Create(WireSpec spec)
    {
        var (stored, created) = await store.CreateCollectionAsync(spec.ToEngine());
        _spec = stored.ToWire();
        _loaded = true;
        var status = created ? Contracts.CreateCollectionStatus.Created
            : stored.HasSameSettings(spec.ToEngine()) ? Contracts.CreateCollectionStatus.AlreadyExists
            : Contracts.CreateCollectionStatus.Conflict;
        return new Contracts.CreateCollectionOutcome(status, _spec);
    }

    public async Task<WireSpec?> Get()
    {
        if (!_loaded)
        {
            _spec = (await store.GetCollectionAsync(this.GetPrimaryKeyString()))?.ToWire();
            _loaded = true;
        }
        return _spec;
    }

    public async Task<bool> Delete()
    {
        var spec = await Get();
        var deleted = await store.DeleteCollectionAsync(this.GetPrimaryKeyString());
        _spec = null;
        if (spec is not null)
        {
            await Task.WhenAll(Enumerable.Range(0, spec.Shards).Select(shard =>
                GrainFactory.GetGrain<IGalleryShardGrain>(ShardKey.Format(spec.Name, shard)).Drop()));
        }
        return deleted;
    }
}
