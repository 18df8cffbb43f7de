using System.Data.Common;
using Wire = UmsOrleans.Contracts;

namespace UmsOrleans.Grains.Mapping;

/// <summary>
/// Gives every grain call's failure its wire form before Orleans serializes it (<see cref="WireMapping.ToWire(Exception)"/>):
/// the engine's budget and not-found exceptions become the contract's, and a catalog store failure (any
/// <see cref="DbException"/>, also when it is the inner cause) becomes <see cref="Wire.CatalogStoreUnavailableException"/>
/// with the store's message, where it would otherwise reach the caller as "Could not find a codec for type
/// Npgsql.PostgresException". Grains throw the engine's exceptions and leave the translation to this filter.
/// </summary>
public sealed class StoreFailureCallFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception exception) when (exception.ToWire() is var wire && !ReferenceEquals(wire, exception))
        {
            throw wire;
        }
    }
}
