using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Keyword;

namespace UmsOrleans.Tests.Search.Keyword;

/// <summary>A seeded catalog of small products with titles, categories, descriptions and attributes, and helpers to index and search it.</summary>
internal static class KeywordCorpus
{
    private static readonly string[] Words =
    [
        "apple", "juice", "milk", "oat", "organic", "red", "green", "fresh", "pepper", "tomato", "yoghurt", "vanilla",
        "crème", "brûlée", "苹果", "手机壳", "soy", "natural", "sweet", "sour", "mild", "golden", "pink", "lady", "granny",
        "smith", "melon", "lemon", "garlic", "ginger", "onion", "leek", "potato", "cream", "bio", "light", "zero", "extra",
    ];

    private static readonly string[] Categories = ["Fruit", "Dairy", "Juice", "Vegetables", "Bakery", "Phone accessories"];

    public static readonly string[] Queries =
    [
        "apple juice", "organic milk", "creme brulee", "苹果", "手机壳", "red pepper tomato", "granny smith",
        "vanilla yoghurt light", "ginger", "dairy", "zero sugar", "fruit sweet",
    ];

    public sealed record Product(string Id, List<KeywordField> Fields);

    public static List<Product> Products(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => RandomProduct($"p{i:D4}", random)).ToList();
    }

    public static Product RandomProduct(string id, Random random)
    {
        List<KeywordField> fields = [new(KeywordFieldNames.Title, Phrase(random, random.Next(1, 7)))];
        if (random.Next(5) > 0) fields.Add(new(KeywordFieldNames.Category, Categories[random.Next(Categories.Length)]));
        if (random.Next(3) > 0) fields.Add(new(KeywordFieldNames.Description, Phrase(random, random.Next(3, 25))));
        for (var a = random.Next(3); a > 0; a--) fields.Add(new(KeywordFieldNames.Attributes, Phrase(random, 1)));
        return new(id, fields);
    }

    /// <summary>Words drawn with a skew towards the front of the list, as real catalogs repeat a few words often.</summary>
    private static string Phrase(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[(int)(Words.Length * Math.Pow(random.NextDouble(), 2))]));

    /// <summary>An index holding <paramref name="products"/> in slots 0..n−1, and the slot → id table.</summary>
    public static (KeywordIndex Index, string[] Ids) Index(IReadOnlyList<Product> products)
    {
        var index = new KeywordIndex();
        for (var slot = 0; slot < products.Count; slot++) index.Set(slot, products[slot].Fields);
        return (index, products.Select(p => p.Id).ToArray());
    }

    /// <summary>Every product that matches <paramref name="query"/> in the shard, id → score.</summary>
    public static Dictionary<string, float> ScoresById(KeywordIndex index, string[] ids, KeywordQuery query, KeywordStatistics statistics) =>
        index.Search(query, statistics, KeywordFieldWeights.Default, Math.Max(1, ids.Length), s => ids[s])
            .ToDictionary(c => c.Id, c => c.Score);

    public static RankedCandidate[] Search(KeywordIndex index, string[] ids, KeywordQuery query, int k) =>
        index.Search(query, index.LocalStatistics(query.Terms), KeywordFieldWeights.Default, k, s => ids[s]);
}
