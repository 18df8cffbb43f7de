using UmsOrleans.Contracts;

namespace UmsOrleans.Search;

/// <summary>
/// How one column adds its part of every query's score to a block's score buffer (query q's scores at
/// q × <see cref="VectorColumn.BlockRows"/>). Prepared once per batch, so per-block work is only the kernel.
/// </summary>
internal abstract class ColumnPlan
{
    public abstract void Score(int block, int rows, float[] scores);
}

/// <summary>Float32 rows: the queries that use this space, packed one after another for the batched kernel.</summary>
internal sealed class Fp32Plan(VectorColumn column, float[] packed, float[] weights, int[] scoreRows) : ColumnPlan
{
    public static Fp32Plan Create(VectorColumn column, IReadOnlyList<ShardQuery> queries, TopKCollector?[] collectors)
    {
        var packed = new List<float>();
        var weights = new List<float>();
        var scoreRows = new List<int>();
        for (var q = 0; q < queries.Count; q++)
        {
            if (collectors[q] is null || Find(queries[q], column.Name) is not { } vector) continue;
            packed.AddRange(ShardIndex.AsFloats(vector.Data));
            weights.Add(vector.Weight);
            scoreRows.Add(q);
        }
        return new Fp32Plan(column, [.. packed], [.. weights], [.. scoreRows]);
    }

    public override void Score(int block, int rows, float[] scores)
    {
        if (weights.Length == 0) return;
        BatchDotKernel.AccumulateScores(packed, column.Dimension, weights, scoreRows, column.BlockRowsSpan(block, rows), rows, scores, VectorColumn.BlockRows);
    }

    internal static QueryVector? Find(ShardQuery query, string space)
    {
        foreach (var vector in query.Vectors)
        {
            if (vector.Space == space) return vector;
        }
        return null;
    }
}

/// <summary>
/// 8-bit codes: each query folded into code space (16-bit, with its weight in scale and offset). Rows are
/// walked in tiles that stay in L2 while every query of the batch passes over them.
/// </summary>
internal sealed class Int8Plan(Int8Column codes, List<(short[] Query, float Scale, float Offset, int ScoreRow)> prepared) : ColumnPlan
{
    public static Int8Plan Create(VectorColumn column, Int8Column codes, IReadOnlyList<ShardQuery> queries, TopKCollector?[] collectors)
    {
        var prepared = new List<(short[], float, float, int)>();
        for (var q = 0; q < queries.Count; q++)
        {
            if (collectors[q] is null || Fp32Plan.Find(queries[q], column.Name) is not { } vector) continue;
            var (query, scale, offset) = codes.PrepareQuery(ShardIndex.AsFloats(vector.Data));
            prepared.Add((query, scale * vector.Weight, offset * vector.Weight, q));
        }
        return new Int8Plan(codes, prepared);
    }

    public override void Score(int block, int rows, float[] scores)
    {
        if (prepared.Count == 0) return;
        var dim = codes.Dimension;
        var data = codes.BlockRowsSpan(block, rows);
        var tileRows = Math.Max(1, BatchDotKernel.TileBytes / Math.Max(1, dim));
        for (var start = 0; start < rows; start += tileRows)
        {
            var count = Math.Min(tileRows, rows - start);
            var tile = data.Slice(start * dim, count * dim);
            foreach (var (query, scale, offset, scoreRow) in prepared)
            {
                Int8Kernel.AccumulateScores(query, scale, offset, tile, count, scores.AsSpan(scoreRow * VectorColumn.BlockRows + start, count));
            }
        }
    }
}
