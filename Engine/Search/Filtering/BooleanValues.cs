using System.Numerics;

namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>
/// The booleans one key has per product slot, as two bitmaps (has true, has false; a list may set both): two
/// bits a product at any density, less than a sparse entry (~20 bytes) costs unless under 1.25% of products have one.
/// </summary>
internal sealed class BooleanValues
{
    private ulong[] _true = [];
    private ulong[] _false = [];

    public long MemoryBytes => (_true.Length + _false.Length) * 8L;

    public void Add(int slot, bool hasTrue, bool hasFalse)
    {
        EnsureCapacity(slot);
        if (hasTrue) _true[slot >> 6] |= 1UL << slot;
        if (hasFalse) _false[slot >> 6] |= 1UL << slot;
    }

    public void Remove(int slot)
    {
        if ((uint)(slot >> 6) >= (uint)_true.Length) return;
        _true[slot >> 6] &= ~(1UL << slot);
        _false[slot >> 6] &= ~(1UL << slot);
    }

    /// <summary>Moves the booleans of <paramref name="from"/> to <paramref name="to"/>, which has none.</summary>
    public void Move(int from, int to)
    {
        if ((uint)(from >> 6) >= (uint)_true.Length) return;
        var hasTrue = (_true[from >> 6] & (1UL << from)) != 0;
        var hasFalse = (_false[from >> 6] & (1UL << from)) != 0;
        if (!hasTrue && !hasFalse) return;
        Remove(from);
        Add(to, hasTrue, hasFalse);
    }

    public void MarkHaving(bool value, ulong[] words) => Or(words, value ? _true : _false);

    public void MarkPresent(ulong[] words)
    {
        Or(words, _true);
        Or(words, _false);
    }

    /// <summary>How many slots below <paramref name="slotCount"/> and in <paramref name="mask"/> (all when not masked) have the value.</summary>
    public long CountHaving(bool value, ReadOnlySpan<ulong> mask, bool masked, int slotCount)
    {
        var bitmap = value ? _true : _false;
        var wordCount = Math.Min(bitmap.Length, ProductMask.WordCount(slotCount));
        long count = 0;
        for (var w = 0; w < wordCount; w++)
        {
            var bits = bitmap[w] & (masked ? mask[w] : ulong.MaxValue);
            var slotsInWord = slotCount - (w << 6);
            if (slotsInWord < 64) bits &= (1UL << slotsInWord) - 1;
            count += BitOperations.PopCount(bits);
        }
        return count;
    }

    private static void Or(ulong[] words, ulong[] bitmap)
    {
        var length = Math.Min(words.Length, bitmap.Length);
        BitmapOps.Or(words.AsSpan(0, length), bitmap.AsSpan(0, length));
    }

    private void EnsureCapacity(int slot)
    {
        if ((slot >> 6) < _true.Length) return;
        var length = Math.Max((slot >> 6) + 1, _true.Length * 2);
        Array.Resize(ref _true, length);
        Array.Resize(ref _false, length);
    }
}
