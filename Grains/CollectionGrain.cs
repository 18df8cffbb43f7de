using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Grains.Mapping;
using UmsOrleans.Routing;
using WireSpec = UmsOrleans.Contracts.CollectionSpec;

namespace UmsOrleans.Grains;

/// <summary>Thin adapter: a collection's settings, read from and written to the catalog store, and the switch of its active adapter.</summary>
public sealed class CollectionGrain(ICatalogStore store) : Grain, ICollectionGrain
{
    private readonly SemaphoreSlim _activation = new(1, 1);
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

    public async Task<WireSpec> ActivateAdapter(int? version)
    {
        var name = this.GetPrimaryKeyString();
        await _activation.WaitAsync();
        try
        {
            var spec = (await Get())?.ToEngine() ?? throw new Contracts.CollectionNotFoundException(name);
            if (version is { } wanted)
            {
                var stored = await store.GetAdapterAsync(name, wanted) ?? throw new KeyNotFoundException($"collection '{name}' has no adapter version {wanted}.");
                AdapterProjection.EnsureFits(stored.Adapter, spec.Spaces, $"collection '{name}'");
                // Every shard holds the projection before any search can name it.
                await Task.WhenAll(Shards(spec).Select(shard => shard.PrepareAdapter(wanted)));
            }
            CollectionSpec updated;
            try
            {
                updated = await store.SetActiveAdapterAsync(spec, version);
            }
            catch (Engine.Catalog.CollectionNotFoundException)
            {
                throw new Contracts.CollectionNotFoundException(name);
            }
            _spec = updated.ToWire();
            await Task.WhenAll(Shards(spec).Select(shard => shard.UseAdapter(version)));
            return _spec;
        }
        finally
        {
            _activation.Release();
        }
    }

    private IEnumerable<IGalleryShardGrain> Shards(CollectionSpec spec) =>
        Enumerable.Range(0, spec.Shards).Select(shard => GrainFactory.GetGrain<IGalleryShardGrain>(ShardKey.Format(spec.Name, shard)));

    public async Task<bool> Delete()
    {
        var spec = await Get();
        var deleted = await store.DeleteCollectionAsync(this.GetPrimaryKeyString());
        _spec = null;
        if (spec is not null) await Task.WhenAll(Shards(spec.ToEngine()).Select(shard => shard.Drop()));
        return deleted;
    }
}
