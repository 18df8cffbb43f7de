using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace UmsOrleans.Engine.Search;

/// <summary>
/// Integer dot products of 8-bit codes (0..255) with a 16-bit query: Σ code[i] · query[i] in int32.
/// The caller bounds the query so the sum cannot overflow (<see cref="QueryLimit"/>). On AVX2 each step
/// widens 16 codes to 16-bit and uses <c>vpmaddwd</c> (multiply, add pairs to int32): there is no portable
/// Vector API for that instruction, so it is the one ISA-specific path, beside a portable Vector128 one.
/// </summary>
public static class Int8Kernel
{
    /// <summary>Largest |query[i]| for which a dot of <paramref name="dim"/> codes cannot overflow int32.</summary>
    public static int QueryLimit(int dim) => (int)Math.Min(short.MaxValue, int.MaxValue / (255L * Math.Max(1, dim)));

    public static int Dot(ReadOnlySpan<byte> codes, ReadOnlySpan<short> query)
    {
        if (codes.Length != query.Length) throw new ArgumentException("codes and query differ in length.");
        return codes.Length == 0 ? 0 : Dot(ref MemoryMarshal.GetReference(codes), ref MemoryMarshal.GetReference(query), codes.Length);
    }

    /// <summary>scores[i] += offset + scale · Σ codes(row i) · query, for <paramref name="count"/> rows of query.Length codes.</summary>
    public static void AccumulateScores(ReadOnlySpan<short> query, float scale, float offset, ReadOnlySpan<byte> rows, int count, Span<float> scores)
    {
        var dim = query.Length;
        if (count == 0) return;
        if (rows.Length < checked(count * dim) || scores.Length < count) throw new ArgumentException("rows or scores are shorter than count.");
        if (dim == 0)
        {
            for (var i = 0; i < count; i++) scores[i] += offset;
            return;
        }
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var r = ref MemoryMarshal.GetReference(rows);
        for (var i = 0; i < count; i++)
        {
            scores[i] += offset + scale * Dot(ref Unsafe.Add(ref r, (nint)i * dim), ref q, dim);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Dot(ref byte codes, ref short query, int n)
    {
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && n >= 16)
        {
            Vector256<int> acc0 = default, acc1 = default;
            for (; i <= n - 32; i += 32)
            {
                var c0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref codes, (nuint)i));
                var c1 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref codes, (nuint)(i + 16)));
                acc0 = Avx2.Add(acc0, Avx2.MultiplyAddAdjacent(c0, Vector256.LoadUnsafe(ref query, (nuint)i)));
                acc1 = Avx2.Add(acc1, Avx2.MultiplyAddAdjacent(c1, Vector256.LoadUnsafe(ref query, (nuint)(i + 16))));
            }
            for (; i <= n - 16; i += 16)
            {
                var c0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref codes, (nuint)i));
                acc0 = Avx2.Add(acc0, Avx2.MultiplyAddAdjacent(c0, Vector256.LoadUnsafe(ref query, (nuint)i)));
            }
            sum = Vector256.Sum(acc0 + acc1);
        }
        else if (Vector128.IsHardwareAccelerated && n >= 16)
        {
            Vector128<int> acc0 = default, acc1 = default;
            for (; i <= n - 16; i += 16)
            {
                var c = Vector128.LoadUnsafe(ref codes, (nuint)i);
                var (lo, hi) = Vector128.Widen(c);
                var q0 = Vector128.LoadUnsafe(ref query, (nuint)i);
                var q1 = Vector128.LoadUnsafe(ref query, (nuint)(i + 8));
                var (l0, l1) = Vector128.Widen(lo.AsInt16());
                var (h0, h1) = Vector128.Widen(hi.AsInt16());
                var (m0, m1) = Vector128.Widen(q0);
                var (n0, n1) = Vector128.Widen(q1);
                acc0 += l0 * m0 + h0 * n0;
                acc1 += l1 * m1 + h1 * n1;
            }
            sum = Vector128.Sum(acc0 + acc1);
        }
        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref codes, i) * Unsafe.Add(ref query, i);
        }
        return sum;
    }
}
