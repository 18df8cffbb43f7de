using System.Numerics;

namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>
/// A set of product slots 0..Length-1 as a bitmap, one bit per slot, 64 slots a word. Bits at and past
/// <see cref="Length"/> are always clear. Built by a filter's evaluation; read by the shard's scan and by facets.
/// </summary>
public sealed class ProductMask
{
    private readonly ulong[] _words;

    private ProductMask(int length, ulong[] words)
    {
        Length = length;
        _words = words;
    }

    /// <summary>The number of slots the mask covers (the shard's product count when it was evaluated).</summary>
    public int Length { get; }

    /// <summary>The bitmap: slot s is bit s % 64 of word s / 64.</summary>
    public ReadOnlySpan<ulong> Words => _words;

    /// <summary>The number of slots in the set.</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var word in _words) count += BitOperations.PopCount(word);
            return count;
        }
    }

    public bool IsSet(int slot) => (uint)slot < (uint)Length && (_words[slot >> 6] & (1UL << slot)) != 0;

    public static ProductMask None(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new ProductMask(length, new ulong[WordCount(length)]);
    }

    public static ProductMask All(int length)
    {
        var mask = None(length);
        mask._words.AsSpan().Fill(ulong.MaxValue);
        mask.ClearTail();
        return mask;
    }

    /// <summary>A mask over <paramref name="length"/> slots from a bitmap (copied; bits past the length are ignored).</summary>
    public static ProductMask FromWords(ReadOnlySpan<ulong> words, int length)
    {
        var mask = None(length);
        words[..Math.Min(words.Length, mask._words.Length)].CopyTo(mask._words);
        mask.ClearTail();
        return mask;
    }

    internal static int WordCount(int length) => (length + 63) >> 6;

    internal ulong[] MutableWords => _words;

    internal void Set(int slot) => _words[slot >> 6] |= 1UL << slot;

    /// <summary>Clears the bits at and past <see cref="Length"/>, which column scans may have set.</summary>
    internal void ClearTail()
    {
        if (_words.Length == 0) return;
        var used = Length & 63;
        if (used != 0) _words[^1] &= (1UL << used) - 1;
    }

    internal void IntersectWith(ProductMask other) => BitmapOps.And(_words, other._words);

    internal void UnionWith(ProductMask other) => BitmapOps.Or(_words, other._words);

    internal void ExceptWith(ProductMask other) => BitmapOps.AndNot(_words, other._words);
}
