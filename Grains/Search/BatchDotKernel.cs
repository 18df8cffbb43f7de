using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace UmsOrleans.Search;

/// <summary>
/// Many queries against a block of rows, blocked for registers and cache. The micro-kernel scores 3 rows
/// against 4 queries per step: 12 accumulators, 7 loads per 12 FMAs (the one-row, four-query form needs 5
/// loads per 4 FMAs and is load-port bound on 2-load/cycle cores). Rows are walked in tiles small enough to
/// stay in L2 while every query group passes over them, so a big batch reads each row from memory once.
/// Uses <see cref="Vector{T}"/> (256-bit on AVX2 and AVX-512 hosts, 128-bit on Arm) so one code path serves all;
/// 12 accumulators + 3 rows + 1 query fit AVX2's 16 registers.
/// </summary>
public static class BatchDotKernel
{
    /// <summary>Target bytes of one row tile: well inside a 512 KB L2 with the queries beside it.</summary>
    public const int TileBytes = 96 * 1024;

    /// <summary>Rows per tile for rows of <paramref name="bytesPerRow"/> bytes: a multiple of the micro-kernel's 3 rows.</summary>
    public static int TileRows(int bytesPerRow) => Math.Max(3, TileBytes / Math.Max(1, bytesPerRow) / 3 * 3);

    /// <summary>
    /// For every query p and row i: scores[scoreRows[p] * scoreStride + i] += weights[p] · dot(query p, row i).
    /// <paramref name="queries"/> holds the queries one after another, <paramref name="dim"/> floats each.
    /// </summary>
    public static void AccumulateScores(
        ReadOnlySpan<float> queries, int dim, ReadOnlySpan<float> weights, ReadOnlySpan<int> scoreRows,
        ReadOnlySpan<float> rows, int count, Span<float> scores, int scoreStride)
    {
        var queryCount = weights.Length;
        if (count == 0 || dim == 0 || queryCount == 0) return;
        if (scoreRows.Length != queryCount || queries.Length < checked(queryCount * dim)) throw new ArgumentException("queries, weights and scoreRows disagree.");
        if (rows.Length < checked(count * dim)) throw new ArgumentException("rows are shorter than count.");
        if (count > scoreStride) throw new ArgumentException("count exceeds the score stride.");
        foreach (var row in scoreRows)
        {
            if ((uint)row >= (uint)(scores.Length / scoreStride)) throw new ArgumentException("a score row is outside scores.");
        }

        ref var q = ref MemoryMarshal.GetReference(queries);
        ref var r = ref MemoryMarshal.GetReference(rows);
        ref var s = ref MemoryMarshal.GetReference(scores);
        var tileRows = TileRows(dim * sizeof(float));
        Span<float> dots = stackalloc float[12];
        for (var tileStart = 0; tileStart < count; tileStart += tileRows)
        {
            var tileEnd = Math.Min(count, tileStart + tileRows);
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
