using UmsOrleans.Routing;

namespace UmsOrleans.Tests.Routing;

public class ShardKeyTests
{
    [Theory]
    [InlineData("shoes", 3, 0, "shoes/3")]
    [InlineData("shoes", 3, 2, "shoes/3/2")]
    [InlineData("a-b_c", 0, 7, "a-b_c/0/7")]
    public void Primary_keeps_the_two_part_key_and_other_replicas_add_their_number(string collection, int shard, int replica, string key)
    {
        Assert.Equal(key, ShardKey.Format(collection, shard, replica));
        Assert.Equal(new ShardAddress(collection, shard, replica), ShardKey.Parse(key));
    }

    [Theory]
    [InlineData("shoes", 3, 0, 1, "shoes/3/0/v1")]
    [InlineData("shoes", 3, 2, 12, "shoes/3/2/v12")]
    public void Later_layouts_carry_their_routing_version_so_two_layouts_never_share_a_grain(string collection, int shard, int replica, int version, string key)
    {
        Assert.Equal(key, ShardKey.Format(collection, shard, replica, version));
        Assert.Equal(new ShardAddress(collection, shard, replica, version), ShardKey.Parse(key));
        Assert.NotEqual(ShardKey.Format(collection, shard, replica), key);
    }

    [Theory]
    [InlineData("shoes")]
    [InlineData("/3")]
    [InlineData("shoes/x")]
    [InlineData("shoes/3/x")]
    [InlineData("shoes/-1")]
    [InlineData("shoes/3/-1")]
    [InlineData("shoes/3/1/2")]
    [InlineData("shoes/3/1/v0")]
    [InlineData("shoes/3/1/v-2")]
    [InlineData("shoes/3/1/v1/x")]
    public void Malformed_keys_are_refused(string key)
    {
        Assert.Throws<FormatException>(() => ShardKey.Parse(key));
    }
}
