using UmsOrleans.Contracts;

namespace UmsOrleans;

/// <summary>A collection's stored adapters as the gateway reads them (the adapter store is on the silos). A stateless front: any silo answers.</summary>
[Alias("ums.IAdapterRegistryGrain")]
public interface IAdapterRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Every version, oldest first, with the active one as the catalog has it now; null when the collection does not exist.</summary>
    [Alias("list")]
    Task<AdapterList?> ListAdapters(string collection);

    /// <summary>One version, or null when the collection has no such version.</summary>
    [Alias("get")]
    Task<AdapterInfo?> GetAdapter(string collection, int version);
}
