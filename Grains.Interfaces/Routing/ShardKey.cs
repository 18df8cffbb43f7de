namespace UmsOrleans.Routing;

/// <summary>The grain key of a gallery shard: <c>{collection}/{shard}</c>. Collection names cannot hold '/'.</summary>
public static class ShardKey
{
    public static string Format(string collection, int shard) => $"{collection}/{shard}";

    public static (string Collection, int Shard) Parse(string key)
    {
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || !int.TryParse(key.AsSpan(slash + 1), out var shard))
        {
            throw new FormatException($"'{key}' is not a shard key of the form collection/shard.");
        }
        return (key[..slash], shard);
    }
}
