using StackExchange.Redis;

namespace UmsOrleans.Grains.Hosting;

/// <summary>Reads and repairs the Redis hash that Orleans.Clustering.Redis keeps the membership table in.</summary>
internal sealed class RedisMembershipHash(IDatabase database, RedisKey key)
{
    // Writes the copy only while the version field is missing, so that of several silos restoring at once
    // one wins and the others change nothing; rows written since the flush are kept.
    private const string RestoreScript =
        """
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        for i = 3, #ARGV, 2 do redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) end
        return 1
        """;

    // Writes one row back only while the table exists and lacks it; the version stays (see MembershipWatchdog).
    private const string ReinsertScript =
        """
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
        return redis.call('HSETNX', KEYS[1], ARGV[2], ARGV[3])
        """;

    public async Task<IReadOnlyDictionary<string, string>> ReadAsync()
    {
        var fields = await database.HashGetAllAsync(key);
        return fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString());
    }

    /// <returns>Whether this call restored the table (false: it existed again already).</returns>
    public async Task<bool> RestoreAsync(MembershipTableCopy copy)
    {
        RedisValue[] arguments = [MembershipRepair.VersionField, copy.Version, .. copy.Rows.SelectMany(r => new RedisValue[] { r.Key, r.Value })];
        return (int)await database.ScriptEvaluateAsync(RestoreScript, [key], arguments) == 1;
    }

    /// <returns>Whether the row was written.</returns>
    public async Task<bool> ReinsertAsync(string row, string value) =>
        (int)await database.ScriptEvaluateAsync(ReinsertScript, [key], [MembershipRepair.VersionField, row, value]) == 1;
}
