using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace UmsOrleans.Engine.Search;

/// <summary>
/// The single-query hot loop: the float32 dot product of a query with one row, called once per row by the fused
/// scan and the rescore. Hand-written because <c>TensorPrimitives.Dot</c> called once per row cost ~30 % more in
/// call overhead here. Written once over the vector width (<see cref="IVectorWidth{TVector}"/>) and run at the
/// widest accelerated one of Vector512, Vector256 and Vector128 that the row fills; four accumulators, one
/// horizontal sum at the end, and the tail handled by re-loading the last full vector with the lanes already
/// counted masked off, as System.Numerics.Tensors does. Rows shorter than one Vector128 are summed in scalar.
/// </summary>
public static class DotKernel
{
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("vectors differ in length.");
        return Dot(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), a.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ref float a, ref float b, int n)
    {
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count) return Dot<Vector512<float>, VectorWidth512>(ref a, ref b, n);
        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count) return Dot<Vector256<float>, VectorWidth256>(ref a, ref b, n);
        if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count) return Dot<Vector128<float>, VectorWidth128>(ref a, ref b, n);
        var sum = 0f;
        for (var i = 0; i < n; i++) sum += Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
        return sum;
    }

    /// <summary>dot(a, b) over <paramref name="n"/> ≥ one vector of floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot<TVector, TWidth>(ref float a, ref float b, int n)
        where TVector : struct
        where TWidth : IVectorWidth<TVector>
    {
        var width = TWidth.Count;
        TVector acc0 = TWidth.Zero, acc1 = TWidth.Zero, acc2 = TWidth.Zero, acc3 = TWidth.Zero;
        var i = 0;
        for (; i <= n - 4 * width; i += 4 * width)
        {
            acc0 = TWidth.MultiplyAdd(TWidth.Load(ref a, (nuint)i), TWidth.Load(ref b, (nuint)i), acc0);
            acc1 = TWidth.MultiplyAdd(TWidth.Load(ref a, (nuint)(i + width)), TWidth.Load(ref b, (nuint)(i + width)), acc1);
            acc2 = TWidth.MultiplyAdd(TWidth.Load(ref a, (nuint)(i + 2 * width)), TWidth.Load(ref b, (nuint)(i + 2 * width)), acc2);
            acc3 = TWidth.MultiplyAdd(TWidth.Load(ref a, (nuint)(i + 3 * width)), TWidth.Load(ref b, (nuint)(i + 3 * width)), acc3);
        }
        for (; i <= n - width; i += width)
        {
            acc0 = TWidth.MultiplyAdd(TWidth.Load(ref a, (nuint)i), TWidth.Load(ref b, (nuint)i), acc0);
        }
        if (i < n)
        {
            var last = (nuint)(n - width);
            acc1 = TWidth.MultiplyAdd(TWidth.KeepLast(TWidth.Load(ref a, last), n - i), TWidth.Load(ref b, last), acc1);
        }
        return TWidth.Sum(TWidth.Add(TWidth.Add(acc0, acc1), TWidth.Add(acc2, acc3)));
    }
}
