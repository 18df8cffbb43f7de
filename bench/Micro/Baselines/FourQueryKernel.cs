using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Bench.Micro.Baselines;

/// <summary>
/// The batch kernel before the tiled and panel forms: one row against four queries at a time, each row loaded
/// once for the four (5 loads per 4 FMAs, load-port bound on 2-load/cycle cores). Scalar tail, as it was.
/// </summary>
internal static class FourQueryKernel
{
    /// <summary>For four queries at once: scoresN[i] += weightN · dot(queryN, rows[i]).</summary>
    public static void AccumulateScores(
        ReadOnlySpan<float> q0, ReadOnlySpan<float> q1, ReadOnlySpan<float> q2, ReadOnlySpan<float> q3,
        ReadOnlySpan<float> rows, int count, ReadOnlySpan<float> weights,
        Span<float> s0, Span<float> s1, Span<float> s2, Span<float> s3)
    {
        var dim = q0.Length;
        if (count == 0 || dim == 0) return;
        if (q1.Length != dim || q2.Length != dim || q3.Length != dim) throw new ArgumentException("queries differ in length.");
        if (rows.Length < checked(count * dim)) throw new ArgumentException("rows are shorter than count.");
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
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count) i = Dot4<Vector512<float>, VectorWidth512>(ref a0, ref a1, ref a2, ref a3, ref row, n, out d0, out d1, out d2, out d3);
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count) i = Dot4<Vector256<float>, VectorWidth256>(ref a0, ref a1, ref a2, ref a3, ref row, n, out d0, out d1, out d2, out d3);
        else if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count) i = Dot4<Vector128<float>, VectorWidth128>(ref a0, ref a1, ref a2, ref a3, ref row, n, out d0, out d1, out d2, out d3);
        for (; i < n; i++)
        {
            var x = Unsafe.Add(ref row, i);
            d0 += x * Unsafe.Add(ref a0, i);
            d1 += x * Unsafe.Add(ref a1, i);
            d2 += x * Unsafe.Add(ref a2, i);
            d3 += x * Unsafe.Add(ref a3, i);
        }
    }

    /// <summary>The four dots over the whole vectors of the row; returns where the scalar tail starts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Dot4<TVector, TWidth>(
        ref float a0, ref float a1, ref float a2, ref float a3, ref float row, int n, out float d0, out float d1, out float d2, out float d3)
        where TVector : struct
        where TWidth : IVectorWidth<TVector>
    {
        TVector c0 = TWidth.Zero, c1 = TWidth.Zero, c2 = TWidth.Zero, c3 = TWidth.Zero;
        var i = 0;
        for (; i <= n - TWidth.Count; i += TWidth.Count)
        {
            var x = TWidth.Load(ref row, (nuint)i);
            c0 = TWidth.MultiplyAdd(x, TWidth.Load(ref a0, (nuint)i), c0);
            c1 = TWidth.MultiplyAdd(x, TWidth.Load(ref a1, (nuint)i), c1);
            c2 = TWidth.MultiplyAdd(x, TWidth.Load(ref a2, (nuint)i), c2);
            c3 = TWidth.MultiplyAdd(x, TWidth.Load(ref a3, (nuint)i), c3);
        }
        d0 = TWidth.Sum(c0);
        d1 = TWidth.Sum(c1);
        d2 = TWidth.Sum(c2);
        d3 = TWidth.Sum(c3);
        return i;
    }
}
