using UmsOrleans.Engine.Search.Keyword;

namespace UmsOrleans.Tests.Search.Keyword;

/// <summary>
/// An index that went through replacements, deletes by swap-remove (clear the slot, move the last product into it)
/// and re-adds answers every query exactly as an index built fresh from the products it ends with.
/// </summary>
public sealed class KeywordIndexUpdateTests
{
    [Fact]
    public void Replacing_deleting_by_swap_remove_and_re_adding_equals_a_fresh_build()
    {
        var random = new Random(21);
        var slots = KeywordCorpus.Products(120, seed: 4);
        var (index, _) = KeywordCorpus.Index(slots);
        var next = slots.Count;

        for (var step = 0; step < 400; step++)
        {
            switch (random.Next(3))
            {
                case 0 when slots.Count > 0: // the product in a slot gets new text
                    var replaced = random.Next(slots.Count);
                    slots[replaced] = KeywordCorpus.RandomProduct(slots[replaced].Id, random);
                    index.Set(replaced, slots[replaced].Fields);
                    break;
                case 1 when slots.Count > 0: // delete: the last product moves into the freed slot
                    var freed = random.Next(slots.Count);
                    var last = slots.Count - 1;
                    index.Clear(freed);
                    index.Move(last, freed);
                    slots[freed] = slots[last];
                    slots.RemoveAt(last);
                    break;
                default: // a new product at the end
                    var added = KeywordCorpus.RandomProduct($"n{next++:D4}", random);
                    index.Set(slots.Count, added.Fields);
                    slots.Add(added);
                    break;
            }
        }

        var ids = slots.Select(p => p.Id).ToArray();
        var (fresh, freshIds) = KeywordCorpus.Index(slots);
        var (reversed, reversedIds) = KeywordCorpus.Index(slots.AsEnumerable().Reverse().ToList());
        Assert.Equal(slots.Count, index.DocumentCount);
        foreach (var text in KeywordCorpus.Queries)
        {
            var query = KeywordQuery.Parse(text);
            var expected = KeywordCorpus.Search(fresh, freshIds, query, k: 50);
            Assert.Equal(expected, KeywordCorpus.Search(index, ids, query, k: 50));
            Assert.Equal(expected.Select(c => (c.Id, c.Score)), KeywordCorpus.Search(reversed, reversedIds, query, k: 50).Select(c => (c.Id, c.Score)));
        }
    }

    [Fact]
    public void Clearing_every_product_leaves_nothing_to_find_and_statistics_at_zero()
    {
        var products = KeywordCorpus.Products(50, seed: 8);
        var (index, ids) = KeywordCorpus.Index(products);
        var before = index.MemoryBytes;

        for (var slot = 0; slot < products.Count; slot++) index.Clear(slot);

        var query = KeywordQuery.Parse("apple juice");
        Assert.Empty(KeywordCorpus.Search(index, ids, query, k: 10));
        var statistics = index.LocalStatistics(query.Terms);
        Assert.Equal(0, statistics.DocumentCount);
        Assert.All(statistics.Fields.Values, f => Assert.Equal((0, 0, 0), (f.DocumentCount, f.TotalLength, f.DocumentFrequencies.Count)));
        Assert.True(index.MemoryBytes < before, $"memory {index.MemoryBytes} after clearing, {before} before");
    }

    [Fact]
    public void Setting_a_slot_again_replaces_its_text()
    {
        var index = new KeywordIndex();
        string[] ids = ["p0"];
        index.Set(0, [new(KeywordFieldNames.Title, "apple juice")]);
        index.Set(0, [new(KeywordFieldNames.Title, "oat milk")]);

        Assert.Empty(KeywordCorpus.Search(index, ids, KeywordQuery.Parse("apple"), k: 1));
        Assert.Equal(["p0"], KeywordCorpus.Search(index, ids, KeywordQuery.Parse("milk"), k: 1).Select(c => c.Id));
        Assert.Equal(1, index.DocumentCount);
    }

    [Fact]
    public void Memory_grows_with_the_products_indexed()
    {
        var index = new KeywordIndex();
        var products = KeywordCorpus.Products(2_000, seed: 3);
        var empty = index.MemoryBytes;
        for (var slot = 0; slot < 1_000; slot++) index.Set(slot, products[slot].Fields);
        var half = index.MemoryBytes;
        for (var slot = 1_000; slot < 2_000; slot++) index.Set(slot, products[slot].Fields);

        Assert.True(empty < half && half < index.MemoryBytes, $"{empty} < {half} < {index.MemoryBytes}");
    }
}
