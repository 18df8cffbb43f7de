using UmsOrleans.Catalog;
using UmsOrleans.Contracts;
using UmsOrleans.Routing;

namespace UmsOrleans.Grains;

/// <summary>Thin adapter: a collection's settings, read from and written to the catalog store.</summary>
public sealed class CollectionGrain(ICatalogStore store) : Grain, ICollectionGrain
{
    private CollectionSpec? _spec;
    private bool _loaded;

    public async Task<CreateCollectionOutcome> Create(CollectionSpec spec)
    {
        var (stored, created) = await store.CreateCollectionAsync(spec);
        _spec = stored;
        _loaded = true;
        var status = created ? CreateCollectionStatus.Created
            : stored.HasSameSettings(spec) ? CreateCollectionStatus.AlreadyExists
            : CreateCollectionStatus.Conflict;
        return new CreateCollectionOutcome(status, stored);
    }

    public async Task<CollectionSpec?> Get()
    {
        if (!_loaded)
        {
            _spec = await store.GetCollectionAsync(this.GetPrimaryKeyString());
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
