using System.Collections.Immutable;

namespace UmsOrleans.Engine.Search.Keyword;

/// <summary>
/// The collection statistics BM25 needs, for the terms of one query: per field, how many products have text in it,
/// their total length in terms, and in how many of them each query term occurs. A shard reports its own
/// (<see cref="KeywordIndex.LocalStatistics"/>); the gateway adds them up (<see cref="Merge(IEnumerable{KeywordStatistics})"/>) and sends the sum
/// back with the query, so a product scores the same whichever shard holds it. Plain numbers and strings.
/// </summary>
/// <param name="DocumentCount">Products indexed (with or without text).</param>
public sealed record KeywordStatistics(long DocumentCount, ImmutableDictionary<string, KeywordFieldStatistics> Fields)
{
    public static KeywordStatistics Empty { get; } = new(0, ImmutableDictionary<string, KeywordFieldStatistics>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>The statistics of the union of the shards that reported <paramref name="parts"/>.</summary>
    public static KeywordStatistics Merge(IEnumerable<KeywordStatistics> parts)
    {
        long documents = 0;
        var fields = new Dictionary<string, (long Documents, long Length, Dictionary<string, long> Frequencies)>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            documents += part.DocumentCount;
            foreach (var (name, field) in part.Fields)
            {
                if (!fields.TryGetValue(name, out var sum)) sum = (0, 0, new Dictionary<string, long>(StringComparer.Ordinal));
                foreach (var (term, frequency) in field.DocumentFrequencies)
                {
                    sum.Frequencies[term] = sum.Frequencies.GetValueOrDefault(term) + frequency;
                }
                fields[name] = (sum.Documents + field.DocumentCount, sum.Length + field.TotalLength, sum.Frequencies);
            }
        }
        return new(documents, fields.ToImmutableDictionary(
            f => f.Key,
            f => new KeywordFieldStatistics(f.Value.Documents, f.Value.Length, f.Value.Frequencies.ToImmutableDictionary(StringComparer.Ordinal)),
            StringComparer.Ordinal));
    }

    public static KeywordStatistics Merge(params KeywordStatistics[] parts) => Merge((IEnumerable<KeywordStatistics>)parts);
}

/// <summary>One field's part of <see cref="KeywordStatistics"/>.</summary>
/// <param name="DocumentCount">Products with at least one term in this field (BM25's N for the field).</param>
/// <param name="TotalLength">Terms in this field over all products (average length = TotalLength / DocumentCount).</param>
/// <param name="DocumentFrequencies">Per query term, the products whose field holds it; a term absent is 0.</param>
public sealed record KeywordFieldStatistics(long DocumentCount, long TotalLength, ImmutableDictionary<string, long> DocumentFrequencies)
{
    public long FrequencyOf(string term) => DocumentFrequencies.GetValueOrDefault(term);
}
