using UmsOrleans.Engine.Evaluation.Features;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>
/// Two float32 implementations of a dot product (the shards' SIMD kernel, TensorPrimitives, numpy's BLAS)
/// sum in different orders. For unit vectors of dimension n each is within γ_n = n·u/(1 − n·u) of the exact
/// value (u = 2^-24), so two items whose exact scores are closer than 2·γ_n may come out in either order.
/// A swap changes a metric only when the two items differ in relevance. This counts the queries whose
/// ranking, up to one past the depth the metric reads, holds such a pair (exact scores in double precision):
/// only those queries may legitimately differ between two correct implementations.
/// </summary>
internal static class NearTies
{
    public static double Gap(int dimension)
    {
        var nu = dimension * Math.Pow(2, -24);
        return 2 * nu / (1 - nu);
    }

    public static int AmbiguousQueries(FeatureMatrix queries, FeatureMatrix gallery, IReadOnlyList<int> queryLabels, IReadOnlyList<int> galleryLabels, int depth, bool leaveOneOut)
    {
        var gap = Gap(gallery.Columns);
        var count = 0;
        for (var q = 0; q < queries.Rows; q++)
        {
            var query = queries.Row(q);
            var scored = new List<(double Score, bool Relevant)>(gallery.Rows);
            for (var g = 0; g < gallery.Rows; g++)
            {
                if (leaveOneOut && g == q) continue;
                var row = gallery.Row(g);
                var sum = 0.0;
                for (var d = 0; d < row.Length; d++) sum += (double)query[d] * row[d];
                scored.Add((sum, galleryLabels[g] == queryLabels[q]));
            }
            var sorted = scored.OrderByDescending(s => s.Score).Take(depth + 1).ToArray();
            for (var i = 1; i < sorted.Length; i++)
            {
                if (sorted[i - 1].Score - sorted[i].Score < gap && sorted[i - 1].Relevant != sorted[i].Relevant)
                {
                    count++;
                    break;
                }
            }
        }
        return count;
    }
}
