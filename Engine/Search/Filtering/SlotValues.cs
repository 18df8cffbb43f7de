using System.Numerics;
using System.Runtime.CompilerServices;

namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>
/// The values of one kind (string codes or numbers) that one key has per product slot. The first value of a slot
/// lives in a dictionary while few slots have one, and moves to a dense array with a presence bitmap once the
/// dictionary would cost more than the array (so a key on 1% of the products costs ~20 bytes per such product,
/// not 4-8 bytes per product). A slot's further distinct values (from a list) live in a side table: lists are
/// the exception in catalogs, and keeping the common single value in the array keeps the scan a tight loop.
/// </summary>
internal sealed class SlotValues<T> where T : unmanaged, IEquatable<T>
{
    // A Dictionary<int, T> entry: hash code, next index, key, value, plus its bucket.
    private static readonly int SparseEntryBytes = 16 + Unsafe.SizeOf<T>();
    private const int SideEntryBytes = 24 + 24;

    private Dictionary<int, T>? _sparse = [];
    private T[] _dense = [];
    private ulong[] _present = [];
    private readonly Dictionary<int, T[]> _more = [];
    private long _moreValues;

    public int PopulatedSlots { get; private set; }

    public bool IsDense => _sparse is null;

    public long MemoryBytes =>
        (_sparse?.Count ?? 0) * (long)SparseEntryBytes + (long)_dense.Length * Unsafe.SizeOf<T>() + _present.Length * 8L
        + _more.Count * (long)SideEntryBytes + _moreValues * Unsafe.SizeOf<T>();

    /// <summary>Gives an empty slot its distinct values (at least one).</summary>
    public void Add(int slot, ReadOnlySpan<T> values, int slotCount)
    {
        if (_sparse is not null)
        {
            _sparse.Add(slot, values[0]);
        }
        else
        {
            EnsureDense(slot);
            _dense[slot] = values[0];
            _present[slot >> 6] |= 1UL << slot;
        }
        if (values.Length > 1)
        {
            _more.Add(slot, values[1..].ToArray());
            _moreValues += values.Length - 1;
        }
        PopulatedSlots++;
        if (_sparse is not null && (long)PopulatedSlots * SparseEntryBytes * 8 > (long)slotCount * (Unsafe.SizeOf<T>() * 8 + 1)) Densify();
    }

    public void Remove(int slot)
    {
        bool removed;
        if (_sparse is not null)
        {
            removed = _sparse.Remove(slot);
        }
        else
        {
            removed = (uint)(slot >> 6) < (uint)_present.Length && (_present[slot >> 6] & (1UL << slot)) != 0;
            if (removed) _present[slot >> 6] &= ~(1UL << slot);
        }
        if (!removed) return;
        PopulatedSlots--;
        if (_more.Remove(slot, out var more)) _moreValues -= more.Length;
    }

    /// <summary>Moves the values of <paramref name="from"/> to <paramref name="to"/>, which has none.</summary>
    public void Move(int from, int to)
    {
        if (_sparse is not null)
        {
            if (!_sparse.Remove(from, out var first)) return;
            _sparse.Add(to, first);
        }
        else
        {
            if ((uint)(from >> 6) >= (uint)_present.Length || (_present[from >> 6] & (1UL << from)) == 0) return;
            EnsureDense(to);
            _dense[to] = _dense[from];
            _present[to >> 6] |= 1UL << to;
            _present[from >> 6] &= ~(1UL << from);
        }
        if (_more.Remove(from, out var more)) _more.Add(to, more);
    }

    /// <summary>Sets the bit of every slot (within <paramref name="words"/>) one of whose values matches.</summary>
    public void MarkMatching<TPredicate>(TPredicate predicate, ulong[] words) where TPredicate : struct, IValuePredicate<T>
    {
        var limit = (long)words.Length << 6;
        if (_sparse is not null)
        {
            foreach (var (slot, value) in _sparse)
            {
                if (slot < limit && predicate.Matches(value)) words[slot >> 6] |= 1UL << slot;
            }
        }
        else
        {
            var wordCount = Math.Min(words.Length, _present.Length);
            for (var w = 0; w < wordCount; w++)
            {
                var present = _present[w];
                if (present == 0) continue;
                words[w] |= predicate.MatchBlock(_dense.AsSpan(w << 6, BlockMatch.BlockLength)) & present;
            }
        }
        foreach (var (slot, values) in _more)
        {
            if (slot >= limit) continue;
            foreach (var value in values)
            {
                if (!predicate.Matches(value)) continue;
                words[slot >> 6] |= 1UL << slot;
                break;
            }
        }
    }

    /// <summary>Sets the bit of every slot (within <paramref name="words"/>) that has a value.</summary>
    public void MarkPresent(ulong[] words)
    {
        if (_sparse is not null)
        {
            var limit = (long)words.Length << 6;
            foreach (var slot in _sparse.Keys)
            {
                if (slot < limit) words[slot >> 6] |= 1UL << slot;
            }
            return;
        }
        BitmapOps.Or(words.AsSpan(0, Math.Min(words.Length, _present.Length)), _present.AsSpan(0, Math.Min(words.Length, _present.Length)));
    }

    /// <summary>Shows the visitor every value of the slots below <paramref name="slotCount"/> that are in <paramref name="mask"/> (all when null).</summary>
    public void VisitValues<TVisitor>(ref TVisitor visitor, ReadOnlySpan<ulong> mask, bool masked, int slotCount) where TVisitor : struct, IValueVisitor<T>
    {
        if (_sparse is not null)
        {
            foreach (var (slot, value) in _sparse)
            {
                if (Includes(slot, mask, masked, slotCount)) visitor.Visit(value);
            }
        }
        else
        {
            var wordCount = Math.Min(_present.Length, ProductMask.WordCount(slotCount));
            for (var w = 0; w < wordCount; w++)
            {
                var bits = _present[w] & (masked ? mask[w] : ulong.MaxValue);
                var slotsInWord = slotCount - (w << 6);
                if (slotsInWord < 64) bits &= (1UL << slotsInWord) - 1;
                while (bits != 0)
                {
                    visitor.Visit(_dense[(w << 6) + BitOperations.TrailingZeroCount(bits)]);
                    bits &= bits - 1;
                }
            }
        }
        foreach (var (slot, values) in _more)
        {
            if (!Includes(slot, mask, masked, slotCount)) continue;
            foreach (var value in values) visitor.Visit(value);
        }
    }

    private static bool Includes(int slot, ReadOnlySpan<ulong> mask, bool masked, int slotCount) =>
        slot < slotCount && (!masked || (mask[slot >> 6] & (1UL << slot)) != 0);

    private void Densify()
    {
        var sparse = _sparse!;
        _sparse = null;
        foreach (var (slot, value) in sparse)
        {
            EnsureDense(slot);
            _dense[slot] = value;
            _present[slot >> 6] |= 1UL << slot;
        }
    }

    private void EnsureDense(int slot)
    {
        if (slot < _dense.Length) return;
        var length = Math.Max((slot + 64) & ~63, _dense.Length * 2);
        Array.Resize(ref _dense, length);
        Array.Resize(ref _present, length >> 6);
    }
}
