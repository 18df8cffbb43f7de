using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Tests.Cluster;

/// <summary>
/// Holds the silo's real catalog store's shard reads of one layout (routing version) until released, blocking the reading thread, so a test can act while
/// shards of that layout are loading. Every other call goes straight to the real store.
/// </summary>
public sealed class GatedShardReads
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private volatile bool _armed;

    /// <param name="layout">The routing version whose shard reads are held.</param>
    /// <param name="armed">False: reads go through until <see cref="Arm"/> is called (shards may load first).</param>
    public GatedShardReads(int layout, bool armed = true) => (Layout, _armed) = (layout, armed);

    public int Layout { get; }

    /// <summary>Holds the shard reads that begin from now on.</summary>
    public void Arm() => _armed = true;

    /// <summary>Completes when the first shard read of the layout is being held.</summary>
    public Task Started => _started.Task;

    public void Release() => _released.TrySetResult();

    /// <summary>Registers the gate around the silo's catalog store (after <c>AddUmsGrains</c>).</summary>
    public void Install(IServiceCollection services)
    {
        var real = services.Last(d => d.ServiceType == typeof(ICatalogStore));
        var create = real.ImplementationFactory ?? throw new InvalidOperationException("the catalog store is expected to be made by a factory.");
        services.Remove(real);
        services.AddSingleton(sp =>
        {
            var proxy = DispatchProxy.Create<ICatalogStore, Proxy>();
            ((Proxy)(object)proxy).Attach((ICatalogStore)create(sp), this);
            return proxy;
        });
    }

    private async IAsyncEnumerable<ProductRecord> HeldAsync(IAsyncEnumerable<ProductRecord> rows, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _started.TrySetResult();
        // Blocks the reading thread, as the SQLite store's reads do (Microsoft.Data.Sqlite runs its async calls synchronously).
        _released.Task.Wait(cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken)) yield return row;
    }

    public class Proxy : DispatchProxy
    {
        private ICatalogStore _store = null!;
        private GatedShardReads _gate = null!;

        internal void Attach(ICatalogStore store, GatedShardReads gate) => (_store, _gate) = (store, gate);

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            object? result;
            try
            {
                result = method!.Invoke(_store, args);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(exception.InnerException);
                throw;
            }
            return method.Name == nameof(ICatalogStore.ReadShardAsync) && args![2] is int layout && layout == _gate.Layout && _gate._armed
                ? _gate.HeldAsync((IAsyncEnumerable<ProductRecord>)result!)
                : result;
        }
    }
}
