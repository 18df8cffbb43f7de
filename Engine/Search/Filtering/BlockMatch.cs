using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>
/// Tests a block of 64 stored values at once into a 64-bit word (bit j: value j matches): equality and number
/// ranges with <see cref="Vector256"/> compares where the hardware has them, any other test one value at a time.
/// </summary>
internal static class BlockMatch
{
    public const int BlockLength = 64;

    public static ulong OneByOne<T, TPredicate>(TPredicate predicate, ReadOnlySpan<T> block) where TPredicate : struct, IValuePredicate<T>
    {
        var bits = 0UL;
        for (var j = 0; j < block.Length; j++) bits |= (predicate.Matches(block[j]) ? 1UL : 0UL) << j;
        return bits;
    }

    public static ulong Equal<T>(ReadOnlySpan<T> block, T wanted) where T : struct, IEquatable<T>
    {
        if (!Vector256.IsHardwareAccelerated || !Vector256<T>.IsSupported || block.Length != BlockLength)
        {
            return OneByOne(new EqualsPredicate<T>(wanted), block);
        }
        var target = Vector256.Create(wanted);
        ref var start = ref MemoryMarshal.GetReference(block);
        var bits = 0UL;
        for (var i = 0; i < BlockLength; i += Vector256<T>.Count)
        {
            bits |= (ulong)Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)i), target).ExtractMostSignificantBits() << i;
        }
        return bits;
    }

    public static ulong Within(ReadOnlySpan<double> block, RangePredicate range)
    {
        if (!Vector256.IsHardwareAccelerated || block.Length != BlockLength) return OneByOne<double, RangePredicate>(range, block);
        var lower = Vector256.Create(range.Lower);
        var upper = Vector256.Create(range.Upper);
        ref var start = ref MemoryMarshal.GetReference(block);
        var bits = 0UL;
        for (var i = 0; i < BlockLength; i += Vector256<double>.Count)
        {
            var values = Vector256.LoadUnsafe(ref start, (nuint)i);
            var aboveLower = range.LowerInclusive ? Vector256.GreaterThanOrEqual(values, lower) : Vector256.GreaterThan(values, lower);
            var belowUpper = range.UpperInclusive ? Vector256.LessThanOrEqual(values, upper) : Vector256.LessThan(values, upper);
            bits |= (ulong)(aboveLower & belowUpper).ExtractMostSignificantBits() << i;
        }
        return bits;
    }
}
