namespace UmsOrleans.Contracts;

/// <summary>Thrown by a shard whose collection does not exist (any more) in the catalog.</summary>
[GenerateSerializer, Alias("ums.CollectionNotFoundException")]
public sealed class CollectionNotFoundException(string collection)
    : Exception($"collection '{collection}' does not exist.")
{
    [Id(0)]
    public string Collection { get; } = collection;
}
