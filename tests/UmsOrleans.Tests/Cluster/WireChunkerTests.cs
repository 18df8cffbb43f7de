using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Tests.Cluster;

public class WireChunkerTests
{
    [Fact]
    public void Chunks_stay_under_the_limit_keep_order_and_lose_nothing()
    {
        var sizes = Enumerable.Range(0, 1000).Select(i => 1 + i * 7919 % 300).ToList();
        var chunks = WireChunker.Chunk(sizes, s => s, 1000).ToList();

        Assert.Equal(sizes, chunks.SelectMany(c => c));
        Assert.All(chunks, c => Assert.True(c.Sum() <= 1000));
        Assert.True(chunks.Count < 300, "chunks should be filled, not one item each");
    }

    [Fact]
    public void An_item_over_the_limit_travels_alone()
    {
        var chunks = WireChunker.Chunk(new[] { 10, 5000, 10 }, s => s, 100).ToList();
        Assert.Equal(new[] { new[] { 10 }, new[] { 5000 }, new[] { 10 } }, chunks.Select(c => c.ToArray()));
    }
}
