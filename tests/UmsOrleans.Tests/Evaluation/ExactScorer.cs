using System.Numerics.Tensors;
using UmsOrleans.Engine.Evaluation.Features;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>
/// Brute-force ranking from in-memory features: every query against every gallery row by inner product,
/// ordered by score descending then smaller gallery position (the EVAL_SPEC tie rule). The tests' independent
/// check of the cluster's search path. O(queries × gallery × dim).
/// </summary>
public static class ExactScorer
{
    /// <param name="leaveOneOut">Query q is gallery row q and is left out of its own list (SOP).</param>
    public static int[][] Rank(FeatureMatrix queries, FeatureMatrix gallery, int k, bool leaveOneOut = false, CancellationToken cancellationToken = default)
    {
        if (queries.Columns != gallery.Columns) throw new ArgumentException($"queries have {queries.Columns} dimensions, the gallery {gallery.Columns}.");
        if (leaveOneOut && queries.Rows != gallery.Rows) throw new ArgumentException("leave-one-out needs the queries to be the gallery.");
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var result = new int[queries.Rows][];
        Parallel.For(0, queries.Rows, new ParallelOptions { CancellationToken = cancellationToken }, q =>
        {
            var scores = new float[gallery.Rows];
            var query = queries.Row(q);
            for (var g = 0; g < gallery.Rows; g++) scores[g] = TensorPrimitives.Dot(query, gallery.Row(g));
            result[q] = TopK(scores, k, leaveOneOut ? q : -1);
        });
        return result;
    }

    /// <summary>The best k positions of <paramref name="scores"/>, skipping <paramref name="exclude"/>.</summary>
    public static int[] TopK(ReadOnlySpan<float> scores, int k, int exclude = -1)
    {
        var candidates = new List<int>(scores.Length);
        for (var g = 0; g < scores.Length; g++)
        {
            if (g != exclude) candidates.Add(g);
        }
        var copy = scores.ToArray();
        candidates.Sort((a, b) => copy[a] > copy[b] ? -1 : copy[a] < copy[b] ? 1 : a.CompareTo(b));
        return [.. candidates.Take(k)];
    }
}
