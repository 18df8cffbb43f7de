using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace UmsOrleans.Engine.Search;

/// <summary>
/// The shard's hot loop: float32 dot products of queries against contiguous rows. Hand-written because
/// calling <c>TensorPrimitives.Dot</c> once per row costs ~30 % in call overhead (ENGINEERING_NOTES), and
/// because the batched form reads each row once for four queries, which no library call offers.
/// Picks Vector512, then Vector256, then Vector128 by hardware support; the tail is scalar.
/// </summary>
public static class DotKernel
{
    /// <summary>scores[i] += weight · dot(query, rows[i]) for <paramref name="count"/> rows of <c>query.Length</c>.</summary>
    public static void AccumulateScores(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int count, float weight, Span<float> scores)
    {
        var dim = query.Length;
        if (count == 0 || dim == 0) return;
        if (rows.Length < checked(count * dim) || scores.Length < count) throw new ArgumentException("rows or scores are shorter than count.");
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var r = ref MemoryMarshal.GetReference(rows);
        for (var i = 0; i < count; i++)
        {
            scores[i] += weight * Dot(ref q, ref Unsafe.Add(ref r, (nint)i * dim), dim);
        }
    }

    /// <summary>
    /// For four queries at once: scoresN[i] += weightN · dot(queryN, rows[i]). Each row is loaded once for all four.
    /// </summary>
    public static void AccumulateScores4(
        ReadOnlySpan<float> q0, ReadOnlySpan<float> q1, ReadOnlySpan<float> q2, ReadOnlySpan<float> q3,
        ReadOnlySpan<float> rows, int count, ReadOnlySpan<float> weights,
        Span<float> s0, Span<float> s1, Span<float> s2, Span<float> s3)
    {
        var dim = q0.Length;
        if (count == 0 || dim == 0) return;
        if (q1.Length != dim || q2.Length != dim || q3.Length != dim) throw new ArgumentException("queries differ in length.");
        if (rows.Length < checked(count * dim)) throw new ArgumentException("rows are shorter than count.");
        if (s0.Length < count || s1.Length < count || s2.Length < count || s3.Length < count) throw new ArgumentException("scores are shorter than count.");
        ref var r = ref MemoryMarshal.GetReference(rows);
        for (var i = 0; i < count; i++)
        {
            Dot4(q0, q1, q2, q3, ref Unsafe.Add(ref r, (nint)i * dim), dim, out var d0, out var d1, out var d2, out var d3);
            s0[i] += weights[0] * d0;
            s1[i] += weights[1] * d1;
            s2[i] += weights[2] * d2;
            s3[i] += weights[3] * d3;
        }
    }

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("vectors differ in length.");
        return a.Length == 0 ? 0f : Dot(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), a.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ref float a, ref float b, int n)
    {
        var i = 0;
        var sum = 0f;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            Vector512<float> acc0 = default, acc1 = default;
            for (; i <= n - 2 * Vector512<float>.Count; i += 2 * Vector512<float>.Count)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)i), Vector512.LoadUnsafe(ref b, (nuint)i), acc0);
                acc1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)(i + Vector512<float>.Count)), Vector512.LoadUnsafe(ref b, (nuint)(i + Vector512<float>.Count)), acc1);
            }
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)i), Vector512.LoadUnsafe(ref b, (nuint)i), acc0);
            }
            sum = Vector512.Sum(acc0 + acc1);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            Vector256<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
            for (; i <= n - 4 * Vector256<float>.Count; i += 4 * Vector256<float>.Count)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), acc0);
                acc1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)(i + 8)), Vector256.LoadUnsafe(ref b, (nuint)(i + 8)), acc1);
                acc2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)(i + 16)), Vector256.LoadUnsafe(ref b, (nuint)(i + 16)), acc2);
                acc3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)(i + 24)), Vector256.LoadUnsafe(ref b, (nuint)(i + 24)), acc3);
            }
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), acc0);
            }
            sum = Vector256.Sum((acc0 + acc1) + (acc2 + acc3));
        }
        else if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count)
        {
            Vector128<float> acc0 = default, acc1 = default;
            for (; i <= n - 2 * Vector128<float>.Count; i += 2 * Vector128<float>.Count)
            {
                acc0 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref a, (nuint)i), Vector128.LoadUnsafe(ref b, (nuint)i), acc0);
                acc1 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref a, (nuint)(i + 4)), Vector128.LoadUnsafe(ref b, (nuint)(i + 4)), acc1);
            }
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                acc0 = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref a, (nuint)i), Vector128.LoadUnsafe(ref b, (nuint)i), acc0);
            }
            sum = Vector128.Sum(acc0 + acc1);
        }
        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
        }
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dot4(
        ReadOnlySpan<float> q0, ReadOnlySpan<float> q1, ReadOnlySpan<float> q2, ReadOnlySpan<float> q3,
        ref float row, int n, out float d0, out float d1, out float d2, out float d3)
    {
        ref var a0 = ref MemoryMarshal.GetReference(q0);
        ref var a1 = ref MemoryMarshal.GetReference(q1);
        ref var a2 = ref MemoryMarshal.GetReference(q2);
        ref var a3 = ref MemoryMarshal.GetReference(q3);
        var i = 0;
        d0 = d1 = d2 = d3 = 0f;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var x = Vector512.LoadUnsafe(ref row, (nuint)i);
                c0 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref a0, (nuint)i), c0);
                c1 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref a1, (nuint)i), c1);
                c2 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref a2, (nuint)i), c2);
                c3 = Vector512.FusedMultiplyAdd(x, Vector512.LoadUnsafe(ref a3, (nuint)i), c3);
            }
            d0 = Vector512.Sum(c0); d1 = Vector512.Sum(c1); d2 = Vector512.Sum(c2); d3 = Vector512.Sum(c3);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default;
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var x = Vector256.LoadUnsafe(ref row, (nuint)i);
                c0 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref a0, (nuint)i), c0);
                c1 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref a1, (nuint)i), c1);
                c2 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref a2, (nuint)i), c2);
                c3 = Vector256.FusedMultiplyAdd(x, Vector256.LoadUnsafe(ref a3, (nuint)i), c3);
            }
            d0 = Vector256.Sum(c0); d1 = Vector256.Sum(c1); d2 = Vector256.Sum(c2); d3 = Vector256.Sum(c3);
        }
        else if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count)
        {
            Vector128<float> c0 = default, c1 = default, c2 = default, c3 = default;
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var x = Vector128.LoadUnsafe(ref row, (nuint)i);
                c0 = Vector128.FusedMultiplyAdd(x, Vector128.LoadUnsafe(ref a0, (nuint)i), c0);
                c1 = Vector128.FusedMultiplyAdd(x, Vector128.LoadUnsafe(ref a1, (nuint)i), c1);
                c2 = Vector128.FusedMultiplyAdd(x, Vector128.LoadUnsafe(ref a2, (nuint)i), c2);
                c3 = Vector128.FusedMultiplyAdd(x, Vector128.LoadUnsafe(ref a3, (nuint)i), c3);
            }
            d0 = Vector128.Sum(c0); d1 = Vector128.Sum(c1); d2 = Vector128.Sum(c2); d3 = Vector128.Sum(c3);
        }
        for (; i < n; i++)
        {
            var x = Unsafe.Add(ref row, i);
            d0 += x * Unsafe.Add(ref a0, i);
            d1 += x * Unsafe.Add(ref a1, i);
            d2 += x * Unsafe.Add(ref a2, i);
            d3 += x * Unsafe.Add(ref a3, i);
        }
    }
}
