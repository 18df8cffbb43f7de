namespace UmsOrleans.Routing;

/// <summary>
/// One replica of one shard of a collection under one shard layout (its routing version); replica 0 is the primary, which
/// commits writes to the catalog store.
/// </summary>
public readonly record struct ShardAddress(string Collection, int Shard, int Replica = 0, int RoutingVersion = 0)
{
    /// <summary>
    /// Replica numbers from here on are standbys: replica r being handed off to another silo loads there first as replica
    /// <see cref="StandbyBase"/> + r, which searches never ask.
    /// </summary>
    public const int StandbyBase = 100;

    public bool IsStandby => Replica >= StandbyBase;

    /// <summary>The standby of this replica.</summary>
    public ShardAddress Standby => this with { Replica = StandbyBase + Replica };

    /// <summary>The replica this standby stands for.</summary>
    public ShardAddress StoodFor => this with { Replica = Replica - StandbyBase };

    public override string ToString() => ShardKey.Format(Collection, Shard, Replica, RoutingVersion);
}

/// <summary>
/// The grain key of a gallery shard replica. Layout 0 (a collection never resharded): <c>{collection}/{shard}</c> for the
/// primary, <c>{collection}/{shard}/{replica}</c> for the others. Later layouts: <c>{collection}/{shard}/{replica}/v{version}</c>.
/// Collection names cannot hold '/'.
/// </summary>
public static class ShardKey
{
    public static string Format(string collection, int shard, int replica = 0, int routingVersion = 0) =>
        routingVersion > 0 ? $"{collection}/{shard}/{replica}/v{routingVersion}"
        : replica == 0 ? $"{collection}/{shard}"
        : $"{collection}/{shard}/{replica}";

    public static ShardAddress Parse(string key)
    {
        var parts = key.Split('/');
        if (parts.Length is >= 2 and <= 4 && parts[0].Length > 0
            && int.TryParse(parts[1], out var shard) && shard >= 0
            && (parts.Length == 2 ? 0 : int.TryParse(parts[2], out var r) ? r : -1) is var replica and >= 0
            && (parts.Length < 4 ? 0 : parts[3].StartsWith('v') && int.TryParse(parts[3].AsSpan(1), out var v) && v > 0 ? v : -1) is var version and >= 0)
        {
            return new ShardAddress(parts[0], shard, replica, version);
        }
        throw new FormatException($"'{key}' is not a shard key of the form collection/shard, collection/shard/replica or collection/shard/replica/vN.");
    }
}
