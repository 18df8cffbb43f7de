using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace UmsOrleans.Engine.Search;

/// <summary>
/// Many queries against a block of rows, blocked for registers and cache. Rows are walked in tiles small enough
/// to stay in L2 while every query passes over them, so a big batch reads each row from memory once. Two
/// micro-kernels, both on <see cref="Vector{T}"/> (256-bit on AVX2 and AVX-512 hosts, 128-bit on Arm):
/// <list type="bullet">
/// <item>Wide, for each whole panel of <see cref="QueryPanels.Width"/> queries: 6 rows × 2 vectors of queries as
/// an outer product. Per dimension: two panel loads, six broadcasts of row values, 12 FMAs into 12 accumulators
/// (16 registers on AVX2), and no horizontal sums at all; the results are scattered to the score rows once per
/// 6-row step. On Zen 1 it does 10–14 % more multiply-adds per second than the 3 × 4 form (19.3–19.5 vs 16.6–17.5
/// GFMA/s, peak ~22).</item>
/// <item>Narrow, for the queries left over and small batches: 3 rows × 4 queries as dot products, 12
/// accumulators, 7 loads per 12 FMAs (the one-row, four-query form needs 5 loads per 4 FMAs and is load-port bound
/// on 2-load/cycle cores).</item>
/// </list>
/// </summary>
public static class BatchDotKernel
{
    /// <summary>Target bytes of one row tile: well inside a 512 KB L2 with the queries beside it.</summary>
    public const int TileBytes = 96 * 1024;

    private const int WideRows = 6;

    /// <summary>Rows per tile for rows of <paramref name="bytesPerRow"/> bytes: a multiple of both micro-kernels' row steps.</summary>
    public static int TileRows(int bytesPerRow) => Math.Max(WideRows, TileBytes / Math.Max(1, bytesPerRow) / WideRows * WideRows);

    /// <summary>
    /// For every query p and row i: scores[scoreRows[p] * scoreStride + i] += weights[p] · dot(query p, row i).
    /// <paramref name="queries"/> holds the queries one after another, <paramref name="dim"/> floats each.
    /// A scan calls <see cref="AccumulateScores(QueryPanels, ReadOnlySpan{float}, int, Span{float}, int)"/>
    /// with queries packed once instead.
    /// </summary>
    public static void AccumulateScores(
        ReadOnlySpan<float> queries, int dim, ReadOnlySpan<float> weights, ReadOnlySpan<int> scoreRows,
        ReadOnlySpan<float> rows, int count, Span<float> scores, int scoreStride) =>
        AccumulateScores(QueryPanels.Pack(queries, dim, weights, scoreRows), rows, count, scores, scoreStride);

    /// <summary>For every packed query p and row i: its score row at column i += weight · dot(query p, row i).</summary>
    public static void AccumulateScores(QueryPanels queries, ReadOnlySpan<float> rows, int count, Span<float> scores, int scoreStride)
    {
        var dim = queries.Dimension;
        if (count == 0 || dim == 0 || queries.Count == 0) return;
        if (rows.Length < checked(count * dim)) throw new ArgumentException("rows are shorter than count.");
        if (count > scoreStride) throw new ArgumentException("count exceeds the score stride.");
        if (queries.MaxScoreRow >= scores.Length / scoreStride) throw new ArgumentException("a score row is outside scores.");

        var tileRows = TileRows(dim * sizeof(float));
        for (var tileStart = 0; tileStart < count; tileStart += tileRows)
        {
            var tileEnd = Math.Min(count, tileStart + tileRows);
            for (var panel = 0; panel < queries.PanelCount; panel++)
            {
                WidePanel(queries, panel, rows, tileStart, tileEnd, scores, scoreStride);
            }
            NarrowRest(queries, rows, tileStart, tileEnd, scores, scoreStride);
        }
    }

    private static void WidePanel(QueryPanels queries, int panel, ReadOnlySpan<float> rows, int tileStart, int tileEnd, Span<float> scores, int scoreStride)
    {
        var dim = queries.Dimension;
        var width = QueryPanels.Width;
        ref var panelValues = ref queries.Panels[panel * dim * width];
        var scoreRows = queries.PanelScoreRows.AsSpan(panel * width, width);
        Span<float> results = stackalloc float[WideRows * width];
        ref var r = ref MemoryMarshal.GetReference(rows);
        var i = tileStart;
        for (; i + WideRows <= tileEnd; i += WideRows)
        {
            Outer6(ref panelValues, ref Unsafe.Add(ref r, (nint)i * dim), dim, results);
            Scatter(results, WideRows, scoreRows, scores, scoreStride, i);
        }
        for (; i < tileEnd; i++)
        {
            Outer1(ref panelValues, ref Unsafe.Add(ref r, (nint)i * dim), dim, results);
            Scatter(results, 1, scoreRows, scores, scoreStride, i);
        }
    }

    /// <summary>results[row · Width + lane] → scores[scoreRows[lane] · stride + firstColumn + row].</summary>
    private static void Scatter(ReadOnlySpan<float> results, int rowCount, ReadOnlySpan<int> scoreRows, Span<float> scores, int scoreStride, int firstColumn)
    {
        ref var s = ref MemoryMarshal.GetReference(scores);
        var width = scoreRows.Length;
        for (var lane = 0; lane < width; lane++)
        {
            ref var target = ref Unsafe.Add(ref s, (nint)scoreRows[lane] * scoreStride + firstColumn);
            for (var row = 0; row < rowCount; row++) Unsafe.Add(ref target, row) += results[row * width + lane];
        }
    }

    /// <summary>results[row · Width + lane] = Σ_k panel[k, lane] · rows[row][k] for 6 rows, as an outer product.</summary>
    // Not inlined, like Dot3x4: on its own the JIT keeps the six row pointers and the 12 accumulators in registers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Outer6(ref float panel, ref float rows, int dim, Span<float> results)
    {
        ref var r0 = ref rows;
        ref var r1 = ref Unsafe.Add(ref rows, dim);
        ref var r2 = ref Unsafe.Add(ref rows, 2 * dim);
        ref var r3 = ref Unsafe.Add(ref rows, 3 * dim);
        ref var r4 = ref Unsafe.Add(ref rows, 4 * dim);
        ref var r5 = ref Unsafe.Add(ref rows, 5 * dim);
        Vector<float> a0 = default, b0 = default, a1 = default, b1 = default, a2 = default, b2 = default;
        Vector<float> a3 = default, b3 = default, a4 = default, b4 = default, a5 = default, b5 = default;
        var width = Vector<float>.Count;
        ref var p = ref panel;
        for (nint k = 0; k < dim; k++)
        {
            var x = Vector.LoadUnsafe(ref p);
            var y = Vector.LoadUnsafe(ref p, (nuint)width);
            var c = new Vector<float>(Unsafe.Add(ref r0, k));
            a0 = Vector.FusedMultiplyAdd(x, c, a0); b0 = Vector.FusedMultiplyAdd(y, c, b0);
            c = new Vector<float>(Unsafe.Add(ref r1, k));
            a1 = Vector.FusedMultiplyAdd(x, c, a1); b1 = Vector.FusedMultiplyAdd(y, c, b1);
            c = new Vector<float>(Unsafe.Add(ref r2, k));
            a2 = Vector.FusedMultiplyAdd(x, c, a2); b2 = Vector.FusedMultiplyAdd(y, c, b2);
            c = new Vector<float>(Unsafe.Add(ref r3, k));
            a3 = Vector.FusedMultiplyAdd(x, c, a3); b3 = Vector.FusedMultiplyAdd(y, c, b3);
            c = new Vector<float>(Unsafe.Add(ref r4, k));
            a4 = Vector.FusedMultiplyAdd(x, c, a4); b4 = Vector.FusedMultiplyAdd(y, c, b4);
            c = new Vector<float>(Unsafe.Add(ref r5, k));
            a5 = Vector.FusedMultiplyAdd(x, c, a5); b5 = Vector.FusedMultiplyAdd(y, c, b5);
            p = ref Unsafe.Add(ref p, 2 * width);
        }
        ref var o = ref MemoryMarshal.GetReference(results);
        a0.StoreUnsafe(ref o); b0.StoreUnsafe(ref o, (nuint)width);
        a1.StoreUnsafe(ref o, (nuint)(2 * width)); b1.StoreUnsafe(ref o, (nuint)(3 * width));
        a2.StoreUnsafe(ref o, (nuint)(4 * width)); b2.StoreUnsafe(ref o, (nuint)(5 * width));
        a3.StoreUnsafe(ref o, (nuint)(6 * width)); b3.StoreUnsafe(ref o, (nuint)(7 * width));
        a4.StoreUnsafe(ref o, (nuint)(8 * width)); b4.StoreUnsafe(ref o, (nuint)(9 * width));
        a5.StoreUnsafe(ref o, (nuint)(10 * width)); b5.StoreUnsafe(ref o, (nuint)(11 * width));
    }

    /// <summary>The one-row form of <see cref="Outer6"/>, for the rows a tile has past its last whole 6.</summary>
    private static void Outer1(ref float panel, ref float row, int dim, Span<float> results)
    {
        Vector<float> a = default, b = default;
        var width = Vector<float>.Count;
        ref var p = ref panel;
        for (nint k = 0; k < dim; k++)
        {
            var c = new Vector<float>(Unsafe.Add(ref row, k));
            a = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref p), c, a);
            b = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref p, (nuint)width), c, b);
            p = ref Unsafe.Add(ref p, 2 * width);
        }
        ref var o = ref MemoryMarshal.GetReference(results);
        a.StoreUnsafe(ref o);
        b.StoreUnsafe(ref o, (nuint)width);
    }

    private static void NarrowRest(QueryPanels queries, ReadOnlySpan<float> rows, int tileStart, int tileEnd, Span<float> scores, int scoreStride)
    {
        var dim = queries.Dimension;
        var weights = queries.RestWeights;
        var scoreRows = queries.RestScoreRows;
        var queryCount = weights.Length;
        ref var q = ref MemoryMarshal.GetArrayDataReference(queries.Rest);
        ref var r = ref MemoryMarshal.GetReference(rows);
        ref var s = ref MemoryMarshal.GetReference(scores);
        Span<float> dots = stackalloc float[12];
        var p = 0;
        for (; p + 4 <= queryCount; p += 4)
        {
            ref var q0 = ref Unsafe.Add(ref q, (nint)p * dim);
            var i = tileStart;
            for (; i + 3 <= tileEnd; i += 3)
            {
                Dot3x4(ref Unsafe.Add(ref r, (nint)i * dim), ref q0, dim, dots);
                for (var j = 0; j < 4; j++)
                {
                    ref var target = ref Unsafe.Add(ref s, (nint)scoreRows[p + j] * scoreStride + i);
                    var w = weights[p + j];
                    target += w * dots[j];
                    Unsafe.Add(ref target, 1) += w * dots[4 + j];
                    Unsafe.Add(ref target, 2) += w * dots[8 + j];
                }
            }
            for (; i < tileEnd; i++)
            {
                ref var row = ref Unsafe.Add(ref r, (nint)i * dim);
                for (var j = 0; j < 4; j++)
                {
                    Unsafe.Add(ref s, (nint)scoreRows[p + j] * scoreStride + i) += weights[p + j] * Dot(ref Unsafe.Add(ref q0, (nint)j * dim), ref row, dim);
                }
            }
        }
        for (; p < queryCount; p++)
        {
            ref var query = ref Unsafe.Add(ref q, (nint)p * dim);
            ref var target = ref Unsafe.Add(ref s, (nint)scoreRows[p] * scoreStride);
            for (var i = tileStart; i < tileEnd; i++)
            {
                Unsafe.Add(ref target, i) += weights[p] * Dot(ref query, ref Unsafe.Add(ref r, (nint)i * dim), dim);
            }
        }
    }

    /// <summary>dots[4·row + query] = dot(row, query) for rows 0..2 and queries 0..3 (all <paramref name="dim"/> long).</summary>
    // Not inlined on purpose: on its own the JIT keeps all 7 row/query pointers in registers; inlined into the
    // tile loops it spilled 5 of them and reloaded each from the stack on every step of the inner loop.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Dot3x4(ref float rows, ref float queries, int dim, Span<float> dots)
    {
        ref var r0 = ref rows;
        ref var r1 = ref Unsafe.Add(ref rows, dim);
        ref var r2 = ref Unsafe.Add(ref rows, 2 * dim);
        ref var a0 = ref queries;
        ref var a1 = ref Unsafe.Add(ref queries, dim);
        ref var a2 = ref Unsafe.Add(ref queries, 2 * dim);
        ref var a3 = ref Unsafe.Add(ref queries, 3 * dim);
        Vector<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector<float> c20 = default, c21 = default, c22 = default, c23 = default;
        var width = Vector<float>.Count;
        var k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; k <= dim - width; k += width)
            {
                var x0 = Vector.LoadUnsafe(ref r0, (nuint)k);
                var x1 = Vector.LoadUnsafe(ref r1, (nuint)k);
                var x2 = Vector.LoadUnsafe(ref r2, (nuint)k);
                var y = Vector.LoadUnsafe(ref a0, (nuint)k);
                c00 = Vector.FusedMultiplyAdd(x0, y, c00); c10 = Vector.FusedMultiplyAdd(x1, y, c10); c20 = Vector.FusedMultiplyAdd(x2, y, c20);
                y = Vector.LoadUnsafe(ref a1, (nuint)k);
                c01 = Vector.FusedMultiplyAdd(x0, y, c01); c11 = Vector.FusedMultiplyAdd(x1, y, c11); c21 = Vector.FusedMultiplyAdd(x2, y, c21);
                y = Vector.LoadUnsafe(ref a2, (nuint)k);
                c02 = Vector.FusedMultiplyAdd(x0, y, c02); c12 = Vector.FusedMultiplyAdd(x1, y, c12); c22 = Vector.FusedMultiplyAdd(x2, y, c22);
                y = Vector.LoadUnsafe(ref a3, (nuint)k);
                c03 = Vector.FusedMultiplyAdd(x0, y, c03); c13 = Vector.FusedMultiplyAdd(x1, y, c13); c23 = Vector.FusedMultiplyAdd(x2, y, c23);
            }
        }
        dots[0] = Vector.Sum(c00); dots[1] = Vector.Sum(c01); dots[2] = Vector.Sum(c02); dots[3] = Vector.Sum(c03);
        dots[4] = Vector.Sum(c10); dots[5] = Vector.Sum(c11); dots[6] = Vector.Sum(c12); dots[7] = Vector.Sum(c13);
        dots[8] = Vector.Sum(c20); dots[9] = Vector.Sum(c21); dots[10] = Vector.Sum(c22); dots[11] = Vector.Sum(c23);
        for (; k < dim; k++)
        {
            float x0 = Unsafe.Add(ref r0, k), x1 = Unsafe.Add(ref r1, k), x2 = Unsafe.Add(ref r2, k);
            float y0 = Unsafe.Add(ref a0, k), y1 = Unsafe.Add(ref a1, k), y2 = Unsafe.Add(ref a2, k), y3 = Unsafe.Add(ref a3, k);
            dots[0] += x0 * y0; dots[1] += x0 * y1; dots[2] += x0 * y2; dots[3] += x0 * y3;
            dots[4] += x1 * y0; dots[5] += x1 * y1; dots[6] += x1 * y2; dots[7] += x1 * y3;
            dots[8] += x2 * y0; dots[9] += x2 * y1; dots[10] += x2 * y2; dots[11] += x2 * y3;
        }
    }

    private static float Dot(ref float a, ref float b, int dim) =>
        DotKernel.Dot(MemoryMarshal.CreateReadOnlySpan(ref a, dim), MemoryMarshal.CreateReadOnlySpan(ref b, dim));
}
