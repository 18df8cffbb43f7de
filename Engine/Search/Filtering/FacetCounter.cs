using System.Collections.Immutable;

namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>
/// Counts, per key, how many products have each value (a list counts each of its distinct elements once), on
/// one shard; and merges the counts of several shards. A shard should return its counts whole: cutting them
/// to the top values before the merge would make the merged counts inexact.
/// </summary>
public static class FacetCounter
{
    /// <summary>Values kept per key after a merge unless the caller asks for another number.</summary>
    public const int DefaultValueLimit = 20;

    /// <summary>
    /// The facets of <paramref name="keys"/> over slots 0..<paramref name="productCount"/>-1, restricted to
    /// <paramref name="mask"/> when given; all values, most frequent first. A key no product has gives no values.
    /// </summary>
    public static ImmutableArray<KeyFacets> Count(AttributeColumns columns, IReadOnlyList<FilterKey> keys, ProductMask? mask, int productCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(productCount);
        if (mask is not null && mask.Length < productCount) throw new ArgumentException("the mask covers fewer slots than the product count.", nameof(mask));
        var facets = ImmutableArray.CreateBuilder<KeyFacets>(keys.Count);
        foreach (var key in keys)
        {
            var counts = columns.Column(key)?.CountValues(mask is null ? default : mask.Words, mask is not null, productCount) ?? [];
            facets.Add(new KeyFacets(key.ToString(), Ordered(counts, int.MaxValue)));
        }
        return facets.MoveToImmutable();
    }

    /// <summary>
    /// Sums the shards' counts value by value (a value being its text and kind) and keeps, per key, the
    /// <paramref name="limit"/> most frequent values, ties by value. Keys come out in the order first seen.
    /// </summary>
    public static ImmutableArray<KeyFacets> Merge(IEnumerable<IReadOnlyList<KeyFacets>> perShard, int limit = DefaultValueLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var sums = new Dictionary<string, Dictionary<(string Value, Catalog.AttributeKind Kind), long>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var shard in perShard)
        {
            foreach (var facet in shard)
            {
                if (!sums.TryGetValue(facet.Key, out var values))
                {
                    sums.Add(facet.Key, values = []);
                    order.Add(facet.Key);
                }
                foreach (var value in facet.Values) values[(value.Value, value.Kind)] = values.GetValueOrDefault((value.Value, value.Kind)) + value.Count;
            }
        }
        return [.. order.Select(key => new KeyFacets(key, Ordered(sums[key].Select(pair => new FacetValueCount(pair.Key.Value, pair.Key.Kind, pair.Value)), limit)))];
    }

    private static ImmutableArray<FacetValueCount> Ordered(IEnumerable<FacetValueCount> counts, int limit) =>
    [
        .. counts
            .OrderByDescending(count => count.Count)
            .ThenBy(count => count.Value, StringComparer.Ordinal)
            .ThenBy(count => count.Kind)
            .Take(limit),
    ];
}
