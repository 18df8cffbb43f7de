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
    [InlineData("shoes")]
    [InlineData("/3")]
    [InlineData("shoes/x")]
    [InlineData("shoes/3/x")]
    [InlineData("shoes/-1")]
    [InlineData("shoes/3/-1")]
    [InlineData("shoes/3/1/2")]
    public void Malformed_keys_are_refused(string key)
    {
        Assert.Throws<FormatException>(() => ShardKey.Parse(key));
    }
}
