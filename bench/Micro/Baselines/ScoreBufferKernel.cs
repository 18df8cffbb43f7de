using UmsOrleans.Engine.Search;

namespace UmsOrleans.Bench.Micro.Baselines;

/// <summary>
/// The single-query scan before it was fused with the top-k: a block's weighted dots go to a score buffer, which a
/// second pass offers to the top-k.
/// </summary>
internal static class ScoreBufferKernel
{
    /// <summary>scores[i] += weight · dot(query, rows[i]) for <paramref name="count"/> rows of <c>query.Length</c>.</summary>
    public static void AccumulateScores(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int count, float weight, Span<float> scores)
    {
        var dim = query.Length;
        for (var i = 0; i < count; i++) scores[i] += weight * DotKernel.Dot(query, rows.Slice(i * dim, dim));
    }
}
