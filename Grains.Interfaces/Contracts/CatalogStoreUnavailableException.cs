namespace UmsOrleans.Contracts;

/// <summary>
/// The catalog store (SQLite or PostgreSQL) failed a grain's call. The store's own exception types cannot
/// cross a grain call (Orleans has no codec for Npgsql's), so grains throw this instead, keeping the message;
/// the HTTP API answers it with 503.
/// </summary>
[GenerateSerializer, Alias("ums.CatalogStoreUnavailableException")]
public sealed class CatalogStoreUnavailableException(string storeMessage)
    : Exception($"the catalog store is unavailable: {storeMessage}")
{
    [Id(0)]
    public string StoreMessage { get; } = storeMessage;
}
