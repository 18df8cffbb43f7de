using System.Data.Common;
using Wire = UmsOrleans.Contracts;

namespace UmsOrleans.Grains.Mapping;

/// <summary>
/// Gives every grain call's failure its wire form before Orleans serializes it: a catalog store failure
/// (any <see cref="DbException"/>, also when it is the inner cause) becomes
/// <see cref="Wire.CatalogStoreUnavailableException"/> with the store's message, where it would otherwise
/// reach the caller as "Could not find a codec for type Npgsql.PostgresException".
/// </summary>
public sealed class StoreFailureCallFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception exception) when (WireMapping.StoreFailureOf(exception) is { } storeFailure)
        {
            throw new Wire.CatalogStoreUnavailableException(storeFailure.Message);
        }
    }
}
