using UmsOrleans.Engine.Routing;

namespace UmsOrleans.Tests.Routing;

public class ShardRouterTests
{
    // Golden values: routing decides where every stored product lives, so a change to the hash or the jump
    // function would strand data after an upgrade. Each test run is a new process (string.GetHashCode would
    // differ between them); these values were produced once by this implementation and must never change.
    // The two tests below tie the implementation to the published algorithms.
    [Theory]
    [InlineData("p1", 8, 7)]
    [InlineData("train_Granny-Smith_001", 4, 3)]
    [InlineData("日本語の商品", 16, 7)]
    [InlineData("", 3, 2)]
    [InlineData("product-12345", 1024, 722)]
    public void Same_id_and_shard_count_give_the_same_shard_in_every_process(string id, int shards, int expected)
    {
        Assert.Equal(expected, ShardRouter.ShardOf(id, shards));
    }

    [Fact]
    public void Stable_hash_is_xxhash64_of_utf8_with_seed_zero()
    {
        // XXH64 of the empty input with seed 0, from the xxHash specification's test vectors.
        Assert.Equal(0xEF46DB3751D8E999UL, ShardRouter.StableHash(""));
    }

    [Fact]
    public void Jump_hash_only_moves_keys_to_the_new_bucket_when_growing()
    {
        // The defining property in Lamping and Veach's paper: going from n to n+1 buckets, a key either
        // stays or moves to bucket n; and key 0 always maps to bucket 0.
        Assert.Equal(0, ShardRouter.JumpConsistentHash(0, 1000));
        var random = new Random(1);
        for (var i = 0; i < 2000; i++)
        {
            var key = (ulong)random.NextInt64();
            for (var n = 1; n < 40; n++)
            {
                var before = ShardRouter.JumpConsistentHash(key, n);
                var after = ShardRouter.JumpConsistentHash(key, n + 1);
                Assert.True(after == before || after == n, $"key {key} moved from {before} to {after} when growing to {n + 1}");
            }
        }
    }

    [Fact]
    public void Products_spread_evenly_over_shards()
    {
        const int shards = 8;
        var counts = new int[shards];
        for (var i = 0; i < 80_000; i++) counts[ShardRouter.ShardOf($"product-{i}", shards)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_400, 10_600));
    }
}
