namespace UmsOrleans.Routing;

/// <summary>One replica of one shard of a collection; replica 0 is the primary, which commits writes to the catalog store.</summary>
public readonly record struct ShardAddress(string Collection, int Shard, int Replica = 0)
{
    public override string ToString() => ShardKey.Format(Collection, Shard, Replica);
}

/// <summary>
/// The grain key of a gallery shard replica: <c>{collection}/{shard}</c> for the primary (replica 0), <c>{collection}/{shard}/{replica}</c>
/// for the others. Collection names cannot hold '/'.
/// </summary>
public static class ShardKey
{
    public static string Format(string collection, int shard, int replica = 0) =>
        replica == 0 ? $"{collection}/{shard}" : $"{collection}/{shard}/{replica}";

    public static ShardAddress Parse(string key)
    {
        var parts = key.Split('/');
        if (parts.Length is 2 or 3 && parts[0].Length > 0
            && int.TryParse(parts[1], out var shard) && shard >= 0
            && (parts.Length == 2 ? 0 : int.TryParse(parts[2], out var r) ? r : -1) is var replica and >= 0)
        {
            return new ShardAddress(parts[0], shard, replica);
        }
        throw new FormatException($"'{key}' is not a shard key of the form collection/shard or collection/shard/replica.");
    }
}
