using System.Buffers;

namespace UmsOrleans.Engine.Search.Keyword;

public sealed partial class KeywordIndex
{
    /// <summary>
    /// The <paramref name="k"/> best products for <paramref name="query"/>, best first, ties by id (ordinal).
    /// Scored term at a time: for each field (in ordinal name order) and each query term (in query order), the
    /// term's postings add their BM25 contribution to a per-slot accumulator; the fixed order makes a product's
    /// score the same bits in any shard. <paramref name="statistics"/> gives N, df and average lengths: the merged
    /// statistics of all shards for a shard-independent score, or <see cref="LocalStatistics"/> alone.
    /// </summary>
    /// <param name="idOf">The product id of a slot, read only for products that could enter the top k.</param>
    /// <param name="allowed">When given, only slots whose bit is set (bit slot % 64 of word slot / 64) are returned.</param>
    public RankedCandidate[] Search(KeywordQuery query, KeywordStatistics statistics, KeywordFieldWeights weights, int k,
        Func<int, string> idOf, ulong[]? allowed = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (query.IsEmpty || DocumentCount == 0) return [];
        var bound = _slotTerms.Length;
        var scores = ArrayPool<float>.Shared.Rent(bound);
        var touched = ArrayPool<int>.Shared.Rent(bound);
        try
        {
            Array.Clear(scores, 0, bound);
            var touchedCount = 0;
            foreach (var name in statistics.Fields.Keys.Order(StringComparer.Ordinal))
            {
                var weight = weights.For(name);
                if (weight <= 0 || !_fieldIds.TryGetValue(name, out var fieldId)) continue;
                var field = statistics.Fields[name];
                if (field.DocumentCount <= 0 || field.TotalLength <= 0) continue;
                var column = _fields[fieldId];
                var averageLength = (double)field.TotalLength / field.DocumentCount;
                foreach (var term in query.Terms)
                {
                    var frequency = field.FrequencyOf(term);
                    if (frequency <= 0 || !column.Terms.TryGetValue(term, out var termId) || _postings[termId].Count == 0) continue;
                    var weightedIdf = weight * Bm25.Idf(field.DocumentCount, frequency);
                    touchedCount = Accumulate(_postings[termId], column.Lengths, weightedIdf, averageLength, scores, touched, touchedCount);
                }
            }
            return TopK(scores, touched.AsSpan(0, touchedCount), k, idOf, allowed);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(touched);
        }
    }

    /// <summary>Adds one term's BM25 contribution to the score of every product in its posting list.</summary>
    private static int Accumulate(in PostingList postings, int[] lengths, double weightedIdf, double averageLength,
        float[] scores, int[] touched, int touchedCount)
    {
        // idf·tf·(k1+1) / (tf + k1·(1−b) + k1·b·length/avg), with the constants folded once per term.
        var scale = (float)(weightedIdf * (Bm25.K1 + 1));
        var constant = (float)(Bm25.K1 * (1 - Bm25.B));
        var perLength = (float)(Bm25.K1 * Bm25.B / averageLength);
        var entries = postings.Entries.AsSpan(0, 2 * postings.Count);
        for (var i = 0; i < entries.Length; i += 2)
        {
            var slot = entries[i];
            float frequency = entries[i + 1];
            ref var score = ref scores[slot];
            if (score == 0) touched[touchedCount++] = slot;
            score += scale * frequency / (frequency + constant + perLength * lengths[slot]);
        }
        return touchedCount;
    }

    private static RankedCandidate[] TopK(float[] scores, ReadOnlySpan<int> touched, int k, Func<int, string> idOf, ulong[]? allowed)
    {
        var top = new TopKCollector(k);
        foreach (var slot in touched)
        {
            if (allowed is not null && !IsAllowed(allowed, slot)) continue;
            var score = scores[slot];
            if (score < top.Threshold) continue;
            top.Offer(new RankedCandidate(score, idOf(slot), slot));
        }
        return top.ToSortedArray();
    }

    private static bool IsAllowed(ulong[] allowed, int slot)
    {
        var word = slot >> 6;
        return word < allowed.Length && (allowed[word] & (1UL << (slot & 63))) != 0;
    }
}
