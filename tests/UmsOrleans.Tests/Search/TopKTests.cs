using UmsOrleans.Engine.Search;

namespace UmsOrleans.Tests.Search;

public class TopKTests
{
    [Fact]
    public void Collector_keeps_the_best_k_in_score_then_id_order()
    {
        var random = new Random(3);
        var ids = Enumerable.Range(0, 500).Select(i => $"id{i:D4}").ToArray();
        // Few distinct scores, so many ties must be broken by id.
        var scores = ids.Select(_ => (float)random.Next(0, 20)).ToArray();
        var collector = new TopKCollector(37);
        for (var slot = 0; slot < ids.Length; slot++) collector.Offer(scores[slot], slot, ids);

        var expected = Enumerable.Range(0, ids.Length)
            .OrderByDescending(i => scores[i]).ThenBy(i => ids[i], StringComparer.Ordinal)
            .Take(37).Select(i => ids[i]).ToArray();
        Assert.Equal(expected, collector.ToSortedArray().Select(c => c.Id).ToArray());
    }

    [Fact]
    public void Collector_with_k_larger_than_its_input_returns_all_sorted()
    {
        var ids = new[] { "b", "a", "c" };
        var collector = new TopKCollector(10);
        collector.Offer(1f, 0, ids);
        collector.Offer(1f, 1, ids);
        collector.Offer(2f, 2, ids);
        Assert.Equal(new[] { "c", "a", "b" }, collector.ToSortedArray().Select(c => c.Id).ToArray());
    }

    [Fact]
    public void Merge_of_per_shard_lists_equals_sorting_everything()
    {
        var random = new Random(11);
        var all = Enumerable.Range(0, 300).Select(i => new SearchHit($"p{random.Next(100000):D6}-{i}", random.Next(0, 30) / 10f, null, null, i % 7)).ToList();
        var perShard = all.GroupBy(h => h.Shard)
            .Select(g => (IReadOnlyList<SearchHit>)g.OrderByDescending(h => h.Score).ThenBy(h => h.Id, StringComparer.Ordinal).ToList())
            .ToList();
        foreach (var k in new[] { 1, 10, 299, 300, 1000 })
        {
            var expected = all.OrderByDescending(h => h.Score).ThenBy(h => h.Id, StringComparer.Ordinal).Take(k).Select(h => h.Id);
            Assert.Equal(expected, TopKMerger.Merge(perShard, k).Select(h => h.Id));
        }
    }

    [Fact]
    public void Merge_result_does_not_depend_on_the_order_shards_answer_in()
    {
        var a = new List<SearchHit> { new("x", 0.9f, null, null, 0), new("m", 0.5f, null, null, 0) };
        var b = new List<SearchHit> { new("a", 0.9f, null, null, 1), new("z", 0.5f, null, null, 1) };
        var forward = TopKMerger.Merge([a, b], 3).Select(h => h.Id).ToArray();
        var backward = TopKMerger.Merge([b, a], 3).Select(h => h.Id).ToArray();
        Assert.Equal(new[] { "a", "x", "m" }, forward);
        Assert.Equal(forward, backward);
    }
}
