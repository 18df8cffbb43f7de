using System.Numerics;

namespace UmsOrleans.Engine.Search;

/// <summary>
/// A batch of queries laid out once for <see cref="BatchDotKernel"/>, then reused for every tile of the scan.
/// Whole groups of <see cref="Width"/> queries are packed into panels, dimension-major (the panel's values for
/// dimension k side by side, each already multiplied by its query's weight), so the wide micro-kernel loads the
/// values of every query in the panel for one dimension with two vector loads. The queries left over
/// (fewer than <see cref="Width"/>) stay one after another for the 3 × 4 micro-kernel.
/// </summary>
public sealed class QueryPanels
{
    /// <summary>Queries per panel: two vectors' worth (16 with 256-bit vectors).</summary>
    public static int Width => 2 * Vector<float>.Count;

    private QueryPanels(int dimension, int count, float[] panels, int[] panelScoreRows, float[] rest, float[] restWeights, int[] restScoreRows)
    {
        Dimension = dimension;
        Count = count;
        Panels = panels;
        PanelScoreRows = panelScoreRows;
        Rest = rest;
        RestWeights = restWeights;
        RestScoreRows = restScoreRows;
        MaxScoreRow = count == 0 ? -1 : Math.Max(panelScoreRows.DefaultIfEmpty(-1).Max(), restScoreRows.DefaultIfEmpty(-1).Max());
    }

    public int Dimension { get; }

    public int Count { get; }

    public int PanelCount => PanelScoreRows.Length / Width;

    /// <summary>Panel p, dimension k, lane j at [(p · Dimension + k) · Width + j]: weight × query value.</summary>
    internal float[] Panels { get; }

    /// <summary>The score row each panel lane adds to, Width per panel.</summary>
    internal int[] PanelScoreRows { get; }

    internal float[] Rest { get; }

    internal float[] RestWeights { get; }

    internal int[] RestScoreRows { get; }

    internal int MaxScoreRow { get; }

    /// <summary>
    /// Query p (floats [p · <paramref name="dim"/>, (p + 1) · dim) of <paramref name="queries"/>) is to add
    /// weights[p] · dot(query p, row i) to score row scoreRows[p]. <paramref name="panels"/> false leaves every
    /// query to the 3 × 4 kernel (for benchmarks that compare the two).
    /// </summary>
    public static QueryPanels Pack(ReadOnlySpan<float> queries, int dim, ReadOnlySpan<float> weights, ReadOnlySpan<int> scoreRows, bool panels = true)
    {
        var count = weights.Length;
        ArgumentOutOfRangeException.ThrowIfNegative(dim);
        if (scoreRows.Length != count || queries.Length < checked(count * dim)) throw new ArgumentException("queries, weights and scoreRows disagree.");
        foreach (var row in scoreRows)
        {
            if (row < 0) throw new ArgumentException("a score row is negative.");
        }
        var width = Width;
        var panelCount = panels ? count / width : 0;
        var values = new float[panelCount * dim * width];
        for (var p = 0; p < panelCount; p++)
        {
            for (var lane = 0; lane < width; lane++)
            {
                var query = p * width + lane;
                var source = queries.Slice(query * dim, dim);
                for (var k = 0; k < dim; k++) values[(p * dim + k) * width + lane] = weights[query] * source[k];
            }
        }
        var packed = panelCount * width;
        return new QueryPanels(
            dim,
            count,
            values,
            scoreRows[..packed].ToArray(),
            queries.Slice(packed * dim, (count - packed) * dim).ToArray(),
            weights[packed..].ToArray(),
            scoreRows[packed..].ToArray());
    }
}
