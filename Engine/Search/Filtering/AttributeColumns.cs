using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>
/// The category and attributes of a shard's products, column by column and keyed by product slot, for exact
/// filters (<see cref="ProductFilter.Evaluate"/>) and facets (<see cref="FacetCounter"/>). The shard keeps its
/// products in dense slots and removes one by moving the last product into the freed slot
/// (<see cref="Move"/>, then nothing left at the old last slot). Not thread-safe: the shard writes it from one
/// turn at a time, and reads it from the same turn.
/// </summary>
public sealed class AttributeColumns
{
    private const int ColumnOverheadBytes = 200;

    private readonly KeyColumn _category = new();
    private readonly Dictionary<string, KeyColumn> _attributes = new(StringComparer.Ordinal);
    private ulong[] _occupied = [];

    /// <summary>One past the highest slot holding a product (a shard with dense slots: its product count).</summary>
    public int Count { get; private set; }

    /// <summary>The slots the occupancy bitmap covers before it grows; the columns grow on their own as slots are set.</summary>
    public int Capacity => _occupied.Length << 6;

    /// <summary>The distinct attribute names seen so far (a name stays once seen).</summary>
    public IReadOnlyCollection<string> AttributeNames => _attributes.Keys;

    /// <summary>An estimate of the bytes held: arrays, dictionaries and the encoded strings, with their overheads.</summary>
    public long MemoryBytes
    {
        get
        {
            var bytes = _occupied.Length * 8L + _category.MemoryBytes + ColumnOverheadBytes;
            foreach (var (name, column) in _attributes) bytes += column.MemoryBytes + ColumnOverheadBytes + 2L * name.Length;
            return bytes;
        }
    }

    public void EnsureCapacity(int capacity)
    {
        var words = ProductMask.WordCount(capacity);
        if (words > _occupied.Length) Array.Resize(ref _occupied, Math.Max(words, _occupied.Length * 2));
    }

    /// <summary>Gives the slot this product's category and attributes, replacing whatever the slot held.</summary>
    public void Set(int slot, string? category, IReadOnlyDictionary<string, AttributeValue> attributes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentNullException.ThrowIfNull(attributes);
        Clear(slot);
        EnsureCapacity(slot + 1);
        _occupied[slot >> 6] |= 1UL << slot;
        Count = Math.Max(Count, slot + 1);
        if (category is not null) _category.Add(slot, AttributeValue.Of(category), Count);
        foreach (var (name, value) in attributes)
        {
            if (!_attributes.TryGetValue(name, out var column)) _attributes.Add(name, column = new KeyColumn());
            column.Add(slot, value, Count);
        }
    }

    /// <summary>The product at <paramref name="from"/> now lives at <paramref name="to"/>; what <paramref name="to"/> held is dropped and <paramref name="from"/> is left empty.</summary>
    public void Move(int from, int to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfNegative(to);
        if (from == to) return;
        Clear(to);
        if (!IsOccupied(from)) return;
        EnsureCapacity(to + 1);
        _category.Move(from, to);
        foreach (var column in _attributes.Values) column.Move(from, to);
        _occupied[to >> 6] |= 1UL << to;
        _occupied[from >> 6] &= ~(1UL << from);
        Count = Math.Max(Count, to + 1);
        ShrinkCount();
    }

    /// <summary>Leaves the slot empty: it matches no condition but <c>exists: false</c> and a mustNot, and counts in no facet.</summary>
    public void Clear(int slot)
    {
        if (!IsOccupied(slot)) return;
        _category.Remove(slot);
        foreach (var column in _attributes.Values) column.Remove(slot);
        _occupied[slot >> 6] &= ~(1UL << slot);
        ShrinkCount();
    }

    internal KeyColumn? Column(FilterKey key) =>
        key.IsCategory ? _category : _attributes.GetValueOrDefault(key.AttributeName!);

    private bool IsOccupied(int slot) => (uint)(slot >> 6) < (uint)_occupied.Length && (_occupied[slot >> 6] & (1UL << slot)) != 0;

    private void ShrinkCount()
    {
        while (Count > 0 && !IsOccupied(Count - 1)) Count--;
    }
}
