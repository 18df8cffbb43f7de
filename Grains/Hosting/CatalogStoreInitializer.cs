using Microsoft.Extensions.Logging;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Grains.Hosting;

/// <summary>Creates the catalog schema before the silo accepts grain calls.</summary>
internal sealed partial class CatalogStoreInitializer(ICatalogStore store, ILogger<CatalogStoreInitializer> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CatalogStoreInitializer), ServiceLifecycleStage.RuntimeInitialize, async cancellationToken =>
        {
            await store.InitializeAsync(cancellationToken);
            LogReady(store.GetType().Name);
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog store ready ({Store})")]
    private partial void LogReady(string store);
}
