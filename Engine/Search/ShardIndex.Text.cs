using System.Collections.Immutable;
using UmsOrleans.Engine.Search.Filtering;
using UmsOrleans.Engine.Search.Keyword;

namespace UmsOrleans.Engine.Search;

public sealed partial class ShardIndex
{
    /// <summary>
    /// Per key, how many of the products the filter keeps (minus <paramref name="exclude"/>) have each value: every
    /// value, uncut, so the gateway's merge over shards stays exact.
    /// </summary>
    public ImmutableArray<KeyFacets> CountFacets(ProductFilter? filter, IReadOnlyList<FilterKey> keys, ImmutableArray<string> exclude = default)
    {
        if (keys.Count == 0) return [];
        if (_count == 0 || !TryMask(filter, exclude.IsDefault ? [] : exclude, out var words)) return [.. keys.Select(k => new KeyFacets(k.ToString(), []))];
        return FacetCounter.Count(_attributes, keys, words is null ? null : ProductMask.FromWords(words, _count), _count);
    }

    /// <summary>This shard's share of the keyword statistics of <paramref name="terms"/> (merged over shards before scoring).</summary>
    public KeywordStatistics KeywordStatistics(IReadOnlyList<string> terms) => _keywords.LocalStatistics(terms);

    /// <summary>
    /// The best products by BM25 for <paramref name="query"/> under the merged <paramref name="statistics"/>, among those
    /// <paramref name="filter"/> keeps and not excluded; products below <paramref name="minScore"/> are dropped.
    /// </summary>
    public RankedCandidate[] KeywordSearch(
        KeywordQuery query, KeywordStatistics statistics, KeywordFieldWeights weights, int k,
        ProductFilter? filter = null, ImmutableArray<string> exclude = default, float? minScore = null)
    {
        if (k < 1) throw new ArgumentException("k must be at least 1.");
        if (_count == 0 || !TryMask(filter, exclude.IsDefault ? [] : exclude, out var mask)) return [];
        var hits = _keywords.Search(query, statistics, weights, k, slot => _ids[slot], mask);
        return minScore is { } floor ? [.. hits.Where(h => h.Score >= floor)] : hits;
    }
}
