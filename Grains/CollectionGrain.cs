using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Resharding;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Grains.Mapping;
using UmsOrleans.Routing;
using WireSpec = UmsOrleans.Contracts.CollectionSpec;

namespace UmsOrleans.Grains;

/// <summary>
/// Thin adapter: a collection's settings, read from and written to the catalog store, the switch of its active adapter, and
/// its resharding (run by <see cref="CollectionResharding"/>; resumed on activation when the store records one under way).
/// </summary>
public sealed class CollectionGrain(ICatalogStore store, IOptions<ShardOptions> options, TimeProvider time, ILogger<CollectionGrain> logger) : Grain, ICollectionGrain
{
    /// <summary>How long a running resharding keeps this grain active past its last report (a report every backfill step or load).</summary>
    private static readonly TimeSpan KeepActiveWhileResharding = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _activation = new(1, 1);
    private WireSpec? _spec;
    private bool _loaded;
    private ReshardProgress? _resharding;
    private Task? _reshardJob;
    private readonly CancellationTokenSource _stopping = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A resharding the store records as under way, or switched with its old layout not dropped, was interrupted (its grain's
        // silo was lost, or the cluster stopped): resume it.
        try
        {
            switch ((await Get())?.ToEngine())
            {
                case { ReshardTo: not null } resharding:
                    StartResharding(resharding);
                    break;
                case { OldLayoutShards: not null } switched:
                    StartDroppingOldLayout(switched);
                    break;
            }
        }
        catch (Exception exception) when (WireMapping.StoreFailureOf(exception) is not null)
        {
            _loaded = false;
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

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
            RequireNoResharding(spec, "activating an adapter");
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
            RequireNoResharding(spec, "changing the replica count");
            CollectionSpec updated;
            try
            {
                updated = await store.SetReplicasAsync(spec, replicas);
            }
            catch (Engine.Catalog.CollectionNotFoundException)
            {
                throw new Contracts.CollectionNotFoundException(name);
            }
            var primaries = Enumerable.Range(0, spec.Shards).Select(shard => Shard(spec, shard, 0)).ToList();
            await Task.WhenAll(primaries.Select(primary => primary.UseReplicas(replicas)));
            var added = ReplicaGrains(spec, spec.Replicas, replicas);
            await Task.WhenAll(added.Select(replica => replica.WaitUntilLoadedAsync(time, CancellationToken.None)));
            var surplus = ReplicaGrains(spec, replicas, spec.Replicas);
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

    /// <summary>
    /// Starts moving the collection to <paramref name="shards"/> shards (recorded in the store first, so it resumes after a lost
    /// silo); its progress. Nothing to do when it has that many: the last resharding's progress, or null.
    /// </summary>
    public async Task<Contracts.ReshardStatus?> Reshard(int shards)
    {
        var name = this.GetPrimaryKeyString();
        await _activation.WaitAsync();
        try
        {
            var spec = (await Get())?.ToEngine() ?? throw new Contracts.CollectionNotFoundException(name);
            if (spec.ReshardTo is null && spec.Shards == shards) return _resharding?.ToWire();
            if (spec.ReshardTo != shards) RequireNoResharding(spec, $"resharding to {shards} shards");
            CollectionSpec started;
            try
            {
                started = await store.StartReshardingAsync(spec, shards);
            }
            catch (Engine.Catalog.CollectionNotFoundException)
            {
                throw new Contracts.CollectionNotFoundException(name);
            }
            _spec = started.ToWire();
            StartResharding(started);
            return _resharding?.ToWire();
        }
        finally
        {
            _activation.Release();
        }
    }

    public Task<Contracts.ReshardStatus?> GetResharding() => Task.FromResult(_resharding?.ToWire());

    private void StartResharding(CollectionSpec started) => StartReshardJob((job, report, publish, token) => job.RunAsync(started, report, publish, token));

    private void StartDroppingOldLayout(CollectionSpec switched) => StartReshardJob((job, report, publish, token) => job.ResumeDropAsync(switched, report, publish, token));

    private void StartReshardJob(Func<CollectionResharding, Action<ReshardProgress>, Func<CollectionSpec, Task>, CancellationToken, Task> run)
    {
        if (_reshardJob is { IsCompleted: false }) return;
        _reshardJob = run(
            new CollectionResharding(GrainFactory, store, options.Value, time, logger),
            progress =>
            {
                _resharding = progress;
                if (progress.Running) this.DelayDeactivation(KeepActiveWhileResharding);
            },
            published =>
            {
                _spec = published.ToWire();
                return Task.CompletedTask;
            },
            _stopping.Token);
    }

    /// <summary>Refuses a change while a resharding runs, also while it drops the old layout after the switch.</summary>
    private void RequireNoResharding(CollectionSpec spec, string change)
    {
        if (spec.ReshardTo is { } to)
        {
            throw new InvalidOperationException($"collection '{spec.Name}' is being resharded from {spec.Shards} to {to} shards; {change} waits until that is done.");
        }
        if (spec.OldLayoutShards is not null || _reshardJob is { IsCompleted: false })
        {
            // A drop the store still records and no job runs (its grain was lost, or the store could not record the drop): run it again.
            if (spec.OldLayoutShards is not null) StartDroppingOldLayout(spec);
            throw new InvalidOperationException($"collection '{spec.Name}' was just resharded to {spec.Shards} shards and is dropping its old layout; {change} waits until that is done (seconds).");
        }
    }

    private IGalleryShardGrain Shard(CollectionSpec spec, int shard, int replica) =>
        GrainFactory.GetGrain<IGalleryShardGrain>(ShardKey.Format(spec.Name, shard, replica, spec.RoutingVersion));

    /// <summary>Replicas <paramref name="from"/> to <paramref name="to"/> − 1 of every shard of the collection's layout.</summary>
    private List<IGalleryShardGrain> ReplicaGrains(CollectionSpec spec, int from, int to) =>
        [.. Enumerable.Range(0, spec.Shards).SelectMany(shard => Enumerable.Range(from, Math.Max(0, to - from)).Select(replica => Shard(spec, shard, replica)))];

    private List<IGalleryShardGrain> Shards(CollectionSpec spec) => ReplicaGrains(spec, 0, spec.Replicas);

    public async Task<bool> Delete()
    {
        var spec = (await Get())?.ToEngine();
        var deleted = await store.DeleteCollectionAsync(this.GetPrimaryKeyString());
        _spec = null;
        if (spec is not null)
        {
            var layouts = new[] { spec, spec.NextLayout, spec.OldLayout }.OfType<CollectionSpec>().SelectMany(Shards);
            await Task.WhenAll(layouts.Select(shard => shard.Drop()));
        }
        return deleted;
    }
}
