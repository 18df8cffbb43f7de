using System.Collections.Immutable;
using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Tests.Cluster;

/// <summary>
/// Barriers into the shared cluster, for tests that must line calls up inside a grain. Both hooks do nothing
/// unless a test asks, so the other tests of the fixture see a plain cluster.
/// <list type="bullet">
/// <item><see cref="HoldShardReads"/>: every silo's catalog store makes shard reads of one collection wait at a
/// gate (as a remote catalog would make them wait on the network; SQLite answers synchronously, so without a
/// gate two loads could never overlap).</item>
/// <item><see cref="Watch"/>: calls into one grain are recorded once they have run up to their first wait
/// (parked), with the grain-side cancellation token, and again with their outcome.</item>
/// </list>
/// </summary>
public sealed class ShardProbe
{
    private readonly ConcurrentDictionary<string, ReadGate> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<GrainId, CallLog> _watched = new();
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);

    /// <summary>Shard reads of <paramref name="collection"/> wait until the returned gate is opened (or disposed).</summary>
    public ReadGate HoldShardReads(string collection)
    {
        var gate = new ReadGate(this, collection);
        if (!_held.TryAdd(collection, gate)) throw new InvalidOperationException($"shard reads of '{collection}' are held already.");
        return gate;
    }

    /// <summary>Shard writes of <paramref name="collection"/> wait at the returned gate before the store commits them.</summary>
    public ReadGate HoldShardWrites(string collection) => HoldShardReads(WriteKey(collection));

    internal static string WriteKey(string collection) => "write:" + collection; // ':' is not allowed in collection names

    /// <summary>How many times a shard of <paramref name="collection"/> has read its partition from the store.</summary>
    public int ShardReads(string collection) => _reads.GetValueOrDefault(collection);

    internal void CountRead(string collection) => _reads.AddOrUpdate(collection, 1, (_, n) => n + 1);

    /// <summary>Records every call into <paramref name="grain"/> from now on.</summary>
    public CallLog Watch(GrainId grain) => _watched.GetOrAdd(grain, _ => new CallLog());

    internal ReadGate? HeldGate(string collection) => _held.GetValueOrDefault(collection);

    internal CallLog? Watching(GrainId grain) => _watched.GetValueOrDefault(grain);

    /// <summary>Wraps the catalog store a silo registered, holding shard reads where a test asked.</summary>
    internal static void DecorateCatalogStore(IServiceCollection services, ShardProbe probe)
    {
        var original = services.Last(d => d.ServiceType == typeof(ICatalogStore));
        services.Remove(original);
        services.AddSingleton<ICatalogStore>(sp => new GatedCatalogStore(Create(original, sp), probe));

        static ICatalogStore Create(ServiceDescriptor descriptor, IServiceProvider sp) =>
            (ICatalogStore)(descriptor.ImplementationInstance
                ?? descriptor.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!));
    }

    public sealed class ReadGate(ShardProbe probe, string collection) : IDisposable
    {
        private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _entered;

        /// <summary>How many shard reads have reached the gate.</summary>
        public int Entered => Volatile.Read(ref _entered);

        internal Task EnterAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _entered);
            return _opened.Task.WaitAsync(cancellationToken);
        }

        public void Open()
        {
            probe._held.TryRemove(new KeyValuePair<string, ReadGate>(collection, this));
            _opened.TrySetResult();
        }

        public void Dispose() => Open();
    }
}

/// <summary>The calls a watched grain received, each recorded once parked at its first wait.</summary>
public sealed class CallLog
{
    private readonly object _lock = new();
    private readonly List<ParkedCall> _calls = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    public IReadOnlyList<ParkedCall> Calls
    {
        get
        {
            lock (_lock) return [.. _calls];
        }
    }

    /// <summary>Completes once <paramref name="count"/> calls have been parked.</summary>
    public Task Parked(int count)
    {
        lock (_lock)
        {
            if (_calls.Count >= count) return Task.CompletedTask;
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    internal ParkedCall Add(string method, CancellationToken grainSideToken)
    {
        var call = new ParkedCall(method, grainSideToken);
        lock (_lock)
        {
            _calls.Add(call);
            foreach (var waiter in _waiters.Where(w => w.Count <= _calls.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
        return call;
    }
}

/// <summary>One call into a watched grain: the token the grain was given, and how the grain's method ended.</summary>
public sealed class ParkedCall(string method, CancellationToken grainSideToken)
{
    private readonly TaskCompletionSource<Exception?> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Method { get; } = method;

    /// <summary>The cancellation token the grain method received (the silo's side of the caller's token).</summary>
    public CancellationToken GrainSideToken { get; } = grainSideToken;

    /// <summary>The exception the grain method ended with, or null when it answered.</summary>
    public Task<Exception?> Ended => _ended.Task;

    internal void End(Exception? exception) => _ended.TrySetResult(exception);
}

/// <summary>Records calls into watched grains once the grain method has run up to its first wait.</summary>
internal sealed class ProbeCallFilter(ShardProbe probe) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (probe.Watching(context.TargetId) is not { } log)
        {
            await context.Invoke();
            return;
        }
        Task pending;
        try
        {
            pending = context.Invoke(); // runs the grain method synchronously up to its first incomplete await
        }
        catch (Exception exception)
        {
            pending = Task.FromException(exception);
        }
        var call = log.Add(context.MethodName, context.Request.GetCancellationToken());
        try
        {
            await pending;
            call.End(null);
        }
        catch (Exception exception)
        {
            call.End(exception);
            throw;
        }
    }
}

/// <summary>The silo's catalog store, with shard reads that wait where <see cref="ShardProbe"/> holds them.</summary>
// The job table too, so every silo of a test cluster reads the same job rows (without it each silo would fall back to a
// job store of its own in memory, and a job's row would be found only on the silo that ran it).
internal sealed class GatedCatalogStore(ICatalogStore inner, ShardProbe probe) : ICatalogStore, IJobStore
{
    private IJobStore Jobs => (IJobStore)inner;

    public Task SaveJobAsync(JobRecord job, CancellationToken cancellationToken = default) => Jobs.SaveJobAsync(job, cancellationToken);

    public Task<JobRecord?> GetJobAsync(string id, CancellationToken cancellationToken = default) => Jobs.GetJobAsync(id, cancellationToken);

    public Task<IReadOnlyList<JobRecord>> ListJobsAsync(string kind, int limit, CancellationToken cancellationToken = default) => Jobs.ListJobsAsync(kind, limit, cancellationToken);

    public async IAsyncEnumerable<ProductRecord> ReadShardAsync(string collection, int shard, int routingVersion = 0, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        probe.CountRead(collection);
        if (probe.HeldGate(collection) is { } gate) await gate.EnterAsync(cancellationToken);
        await foreach (var product in inner.ReadShardAsync(collection, shard, routingVersion, cancellationToken)) yield return product;
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<CollectionSpec?> GetCollectionAsync(string name, CancellationToken cancellationToken = default) => inner.GetCollectionAsync(name, cancellationToken);

    public Task<IReadOnlyList<CollectionSpec>> ListCollectionsAsync(CancellationToken cancellationToken = default) => inner.ListCollectionsAsync(cancellationToken);

    public Task<(CollectionSpec Stored, bool Created)> CreateCollectionAsync(CollectionSpec spec, CancellationToken cancellationToken = default) => inner.CreateCollectionAsync(spec, cancellationToken);

    public Task<bool> DeleteCollectionAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteCollectionAsync(name, cancellationToken);

    public Task<CollectionSpec> SetReplicasAsync(CollectionSpec collection, int replicas, CancellationToken cancellationToken = default) =>
        inner.SetReplicasAsync(collection, replicas, cancellationToken);

    public Task<CollectionSpec> StartReshardingAsync(CollectionSpec collection, int shards, CancellationToken cancellationToken = default) =>
        inner.StartReshardingAsync(collection, shards, cancellationToken);

    public Task<ReshardBackfillStep> BackfillNextLayoutAsync(CollectionSpec collection, int batch, CancellationToken cancellationToken = default) =>
        inner.BackfillNextLayoutAsync(collection, batch, cancellationToken);

    public Task<CollectionSpec> MarkBackfilledAsync(CollectionSpec collection, CancellationToken cancellationToken = default) => inner.MarkBackfilledAsync(collection, cancellationToken);

    public Task<CollectionSpec> SwitchLayoutAsync(CollectionSpec collection, CancellationToken cancellationToken = default) => inner.SwitchLayoutAsync(collection, cancellationToken);

    public Task<CollectionSpec> ForgetOldLayoutAsync(CollectionSpec collection, CancellationToken cancellationToken = default) => inner.ForgetOldLayoutAsync(collection, cancellationToken);

    public Task<CollectionSpec> CancelReshardingAsync(CollectionSpec collection, CancellationToken cancellationToken = default) => inner.CancelReshardingAsync(collection, cancellationToken);

    public Task<long> CountProductsAsync(string collection, CancellationToken cancellationToken = default) => inner.CountProductsAsync(collection, cancellationToken);

    public async Task UpsertProductsAsync(CollectionSpec collection, int shard, IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken = default)
    {
        if (probe.HeldGate(ShardProbe.WriteKey(collection.Name)) is { } gate) await gate.EnterAsync(cancellationToken);
        await inner.UpsertProductsAsync(collection, shard, products, cancellationToken);
    }

    public Task<bool> DeleteProductAsync(CollectionSpec collection, string id, CancellationToken cancellationToken = default) => inner.DeleteProductAsync(collection, id, cancellationToken);

    public Task<ProductRecord?> GetProductAsync(string collection, string id, CancellationToken cancellationToken = default) => inner.GetProductAsync(collection, id, cancellationToken);

    public Task<byte[]?> GetThumbnailAsync(string collection, string id, int photo = 0, CancellationToken cancellationToken = default) => inner.GetThumbnailAsync(collection, id, photo, cancellationToken);

    public Task<ImmutableArray<byte[]>> GetThumbnailsAsync(string collection, string id, CancellationToken cancellationToken = default) => inner.GetThumbnailsAsync(collection, id, cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> GetContentHashesAsync(string collection, IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        inner.GetContentHashesAsync(collection, ids, cancellationToken);

    public Task<StoredAdapter> SaveAdapterAsync(CollectionSpec collection, Engine.Adaptation.Adapter adapter, string label, CancellationToken cancellationToken = default) =>
        inner.SaveAdapterAsync(collection, adapter, label, cancellationToken);

    public Task<IReadOnlyList<StoredAdapter>> ListAdaptersAsync(string collection, CancellationToken cancellationToken = default) => inner.ListAdaptersAsync(collection, cancellationToken);

    public Task<(StoredAdapter Info, Engine.Adaptation.Adapter Adapter)?> GetAdapterAsync(string collection, int version, CancellationToken cancellationToken = default) =>
        inner.GetAdapterAsync(collection, version, cancellationToken);

    public Task<CollectionSpec> SetActiveAdapterAsync(CollectionSpec collection, int? version, CancellationToken cancellationToken = default) =>
        inner.SetActiveAdapterAsync(collection, version, cancellationToken);
}
