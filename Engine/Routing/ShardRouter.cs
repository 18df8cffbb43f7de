using System.IO.Hashing;
using System.Text;

namespace UmsOrleans.Engine.Routing;

/// <summary>
/// Maps a product id to its shard: XxHash64 (seed 0) of the id's UTF-8 bytes, then Lamping and Veach's
/// jump consistent hash into [0, shards). Both are fixed algorithms, so the answer is identical on every
/// node, process and restart (never <c>string.GetHashCode</c>, which is randomised per process).
/// </summary>
public static class ShardRouter
{
    public static int ShardOf(string productId, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        return JumpConsistentHash(StableHash(productId), shards);
    }

    public static ulong StableHash(string value)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        Span<byte> buffer = maxBytes <= 1024 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var length = Encoding.UTF8.GetBytes(value, buffer);
        return XxHash64.HashToUInt64(buffer[..length]);
    }

    /// <summary>Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm" (2014).</summary>
    public static int JumpConsistentHash(ulong key, int buckets)
    {
        long b = -1, j = 0;
        while (j < buckets)
        {
            b = j;
            key = key * 2862933555777941757UL + 1;
            j = (long)((b + 1) * ((double)(1L << 31) / ((key >> 33) + 1)));
        }
        return (int)b;
    }
}
