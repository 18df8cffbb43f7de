
namespace UmsOrleans.Engine.Search;

/// <summary>
/// How one column adds its part of every query's score to a tile's score buffer: rows
/// [<c>start</c>, <c>start + count</c>) of a block, query q's scores at q × <c>stride</c>. Prepared once per batch,
/// so per-tile work is only the kernel.
/// </summary>
internal abstract class ColumnPlan
{
    /// <summary>Bytes one row of this column occupies in the form the plan scans.</summary>
    public abstract int BytesPerRow { get; }

    /// <summary>Whether any query of the batch uses this column (a plan without one is left out of the scan).</summary>
    public abstract bool HasQueries { get; }

    public abstract void Score(int block, int start, int count, float[] scores, int stride);
}

/// <summary>Float32 rows: the queries that use this space, packed once for the batched kernel.</summary>
internal sealed class Fp32Plan(VectorColumn column, QueryPanels queries) : ColumnPlan
{
    /// <summary>A plan for the queries that have a vector in <paramref name="column"/>'s space; score row q is query q's.</summary>
    public static Fp32Plan Create(VectorColumn column, IReadOnlyList<ShardQuery> queries)
    {
        var packed = new List<float>();
        var weights = new List<float>();
        var scoreRows = new List<int>();
        for (var q = 0; q < queries.Count; q++)
        {
            if (queries[q].FindVector(column.Name) is not { } vector) continue;
            packed.AddRange(vector.Values);
            weights.Add(vector.Weight);
            scoreRows.Add(q);
        }
        return new Fp32Plan(column, QueryPanels.Pack([.. packed], column.Dimension, [.. weights], [.. scoreRows]));
    }

    public override int BytesPerRow => column.Dimension * sizeof(float);

    public override bool HasQueries => queries.Count > 0;

    public override void Score(int block, int start, int count, float[] scores, int stride)
    {
        var dim = column.Dimension;
        var rows = column.BlockRowsSpan(block, start + count)[(start * dim)..];
        BatchDotKernel.AccumulateScores(queries, rows, count, scores, stride);
    }
}

/// <summary>
/// 8-bit codes: each query folded into code space (16-bit, with its weight in scale and offset). The tile stays in
/// L2 while every query of the batch passes over it.
/// </summary>
internal sealed class Int8Plan(Int8Column codes, List<(short[] Query, float Scale, float Offset, int ScoreRow)> prepared) : ColumnPlan
{
    /// <summary>A plan for the queries that have a vector in <paramref name="column"/>'s space; score row q is query q's.</summary>
    public static Int8Plan Create(VectorColumn column, Int8Column codes, IReadOnlyList<ShardQuery> queries)
    {
        var prepared = new List<(short[], float, float, int)>();
        for (var q = 0; q < queries.Count; q++)
        {
            if (queries[q].FindVector(column.Name) is not { } vector) continue;
            var (query, scale, offset) = codes.PrepareQuery(vector.Values);
            prepared.Add((query, scale * vector.Weight, offset * vector.Weight, q));
        }
        return new Int8Plan(codes, prepared);
    }

    public override int BytesPerRow => codes.Dimension;

    public override bool HasQueries => prepared.Count > 0;

    public override void Score(int block, int start, int count, float[] scores, int stride)
    {
        var dim = codes.Dimension;
        var tile = codes.BlockRowsSpan(block, start + count)[(start * dim)..];
        foreach (var (query, scale, offset, scoreRow) in prepared)
        {
            Int8Kernel.AccumulateScores(query, scale, offset, tile, count, scores.AsSpan(scoreRow * stride, count));
        }
    }
}
