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

    /// <summary>
    /// Sets how many replicas hold each shard. The store records it first, so a primary activated from now on forwards to
    /// every replica; each active primary is told (and has added replicas reload from the store, so none misses a write
    /// committed before); added replicas are loaded, surplus ones dropped; only then do searches see the new count.
    /// </summary>
    public async Task<WireSpec> SetReplicas(int replicas)
    {
        var name = this.GetPrimaryKeyString();
        await _activation.WaitAsync();
        try
        {
            var spec = (await Get())?.ToEngine() ?? throw new Contracts.CollectionNotFoundException(name);
            if (spec.Replicas == replicas) return _spec!;
            CollectionSpec updated;
            try
            {
                updated = await store.SetReplicasAsync(spec, replicas);
            }
            catch (Engine.Catalog.CollectionNotFoundException)
            {
                throw new Contracts.CollectionNotFoundException(name);
            }
            var primaries = Enumerable.Range(0, spec.Shards).Select(shard => Shard(spec.Name, shard, 0)).ToList();
            await Task.WhenAll(primaries.Select(primary => primary.UseReplicas(replicas)));
            var added = ReplicaGrains(spec.Name, spec.Shards, spec.Replicas, replicas);
            await Task.WhenAll(added.Select(replica => replica.GetStats()));
            var surplus = ReplicaGrains(spec.Name, spec.Shards, replicas, spec.Replicas);
            // Searches stop asking surplus replicas once the spec below is in place; a search in flight may still hit one
            // being dropped and then asks another replica.
            _spec = updated.ToWire();
            await Task.WhenAll(surplus.Select(replica => replica.Drop()));
            return _spec;
        }
        finally
        {
            _activation.Release();
        }
    }

    private IGalleryShardGrain Shard(string collection, int shard, int replica) =>
        GrainFactory.GetGrain<IGalleryShardGrain>(ShardKey.Format(collection, shard, replica));

    /// <summary>Replicas <paramref name="from"/> to <paramref name="to"/> − 1 of every shard.</summary>
    private List<IGalleryShardGrain> ReplicaGrains(string collection, int shards, int from, int to) =>
        [.. Enumerable.Range(0, shards).SelectMany(shard => Enumerable.Range(from, Math.Max(0, to - from)).Select(replica => Shard(collection, shard, replica)))];

    private List<IGalleryShardGrain> Shards(CollectionSpec spec) => ReplicaGrains(spec.Name, spec.Shards, 0, spec.Replicas);

    public async Task<bool> Delete()
    {
        var spec = await Get();
        var deleted = await store.DeleteCollectionAsync(this.GetPrimaryKeyString());
        _spec = null;
        if (spec is not null) await Task.WhenAll(Shards(spec.ToEngine()).Select(shard => shard.Drop()));
        return deleted;
    }
}
