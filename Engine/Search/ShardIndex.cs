using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Filtering;
using UmsOrleans.Engine.Search.Keyword;

namespace UmsOrleans.Engine.Search;

/// <summary>
/// The in-memory partition of one shard. Products live in dense slots (a delete moves the last product into the
/// freed slot, so nothing scans holes); each space keeps its vectors as rows (<see cref="SpaceRows"/>), several per
/// product when the product has several photos. Search ranks products, not rows: a product's score in a space is
/// its best row's, and the score is the weighted sum over the query's spaces. Beside the vectors a shard holds its
/// products' attributes as columns (<see cref="AttributeColumns"/>: filters and facets) and an inverted index of
/// their text (<see cref="KeywordIndex"/>: keyword search). Vector blocks are reserved from a
/// <see cref="MemoryBudget"/> before they are allocated; the attribute and text structures are estimated before a
/// write and settled to their measured size after it.
/// Not thread-safe for writes: the shard grain runs writes exclusively.
/// </summary>
public sealed partial class ShardIndex
{
    // The collection's spaces first, then the spaces derived by adapters (see ShardIndex.Adapters.cs). Installing an
    // adapter swaps in longer arrays while searches may run, so these are replaced, never changed in place.
    private SpaceRows[] _spaces;
    private Derivation?[] _derivations;
    private Dictionary<string, int> _spaceByName;
    private readonly int _rawSpaces;
    private readonly Dictionary<string, int> _slotById = new(StringComparer.Ordinal);
    private readonly AttributeColumns _attributes = new();
    private readonly KeywordIndex _keywords = new();
    private readonly QuantizationSpec _quantization;
    private readonly MemoryBudget _budget;
    private readonly int _photoSpace;
    private string[] _ids = [];
    private string?[] _titles = [];
    private string?[] _categories = [];
    private int _count;
    private long _textBytes;
    private long _sideReserved;

    /// <param name="spaces">The collection's vector spaces.</param>
    /// <param name="quantization">Optional int8 codes beside the float32 rows.</param>
    /// <param name="budget">The process's memory budget for vector blocks.</param>
    /// <param name="photoSpace">The space whose vectors are the product's photos, in photo order (hits name the
    /// photo that matched there); null: the space called <c>image</c>, if any.</param>
    /// <param name="index">How one-space queries find their rows: exact scan (null, flat) or an HNSW graph per space,
    /// built by <see cref="BuildAnn(CancellationToken)"/> once the shard is loaded.</param>
    public ShardIndex(IEnumerable<VectorSpace> spaces, QuantizationSpec? quantization = null, MemoryBudget? budget = null, string? photoSpace = null, AnnIndexSpec? index = null)
    {
        _quantization = quantization ?? QuantizationSpec.None;
        var quantized = _quantization.Type == QuantizationType.Int8;
        if (_quantization.Oversample < 1) throw new ArgumentOutOfRangeException(nameof(quantization), "oversample must be at least 1.");
        _budget = budget ?? MemoryBudget.Unlimited;
        _spaces = spaces.Select(s => new SpaceRows(s.Name, s.Dimension, quantized, _budget, index)).ToArray();
        _spaceByName = _spaces.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        _rawSpaces = _spaces.Length;
        _derivations = new Derivation?[_rawSpaces];
        _photoSpace = _spaceByName.GetValueOrDefault(photoSpace ?? "image", -1);
    }

    /// <summary>
    /// Largest batch scanned through the int8 codes. Codes win where a scan is memory-bound (one or a few queries:
    /// 2.5–3.2× faster than float32 here); a big batch is compute-bound, and the tiled float32 kernel does more
    /// work per cycle than widening 8-bit codes (32 queries: 160 vs 210 ms on 65k × 512), so it scans exactly.
    /// </summary>
    public const int Int8MaxBatch = 8;

    /// <summary>Number of products.</summary>
    public int Count => _count;

    /// <summary>Bytes reserved from the memory budget: vector blocks (float32 and codes), HNSW graph nodes, attribute columns and the keyword index.</summary>
    public long ReservedBytes => _spaces.Sum(s => s.ReservedBytes) + _sideReserved;

    /// <summary>Bytes of the attribute columns and the keyword index (counted in <see cref="ReservedBytes"/>).</summary>
    public long SideBytes => _attributes.MemoryBytes + _keywords.MemoryBytes;

    /// <summary>
    /// Reserves memory for the products about to be upserted (their rows replace those they have now), or throws
    /// <see cref="MemoryBudgetExceededException"/> having changed nothing. Call before committing them anywhere.
    /// </summary>
    public void ReserveFor(IEnumerable<ProductRecord> products)
    {
        var latest = new Dictionary<string, ProductRecord>(StringComparer.Ordinal);
        foreach (var product in products) latest[product.Id] = product;
        Reserve(latest.Values);
    }

    /// <summary>Reserves for products with distinct ids, all at once or not at all.</summary>
    private void Reserve(IReadOnlyCollection<ProductRecord> latest)
    {
        var rows = _spaces.Select(s => (long)s.RowCount).ToArray();
        foreach (var product in latest)
        {
            var slot = _slotById.GetValueOrDefault(product.Id, -1);
            for (var s = 0; s < _spaces.Length; s++)
            {
                rows[s] += product.CountIn(SourceName(s)) - (slot < 0 ? 0 : _spaces[s].RowsOf(slot).Length);
            }
        }
        var side = latest.Sum(SideEstimate);
        var bytes = _spaces.Select((space, s) => space.BytesToReserve(rows[s])).Sum() + side;
        if (bytes > 0) _budget.Reserve(bytes);
        for (var s = 0; s < _spaces.Length; s++) _spaces[s].AcceptReservation(rows[s]);
        _sideReserved += side;
    }

    /// <summary>
    /// A generous estimate of what a product adds to the attribute columns and the keyword index (measured: about
    /// 33 and 160 bytes per product for a few attributes and a title), settled to the measured size after the write.
    /// </summary>
    internal static long SideEstimate(ProductRecord product) =>
        256 + 8L * ((product.Title?.Length ?? 0) + (product.Category?.Length ?? 0))
        + product.Attributes.Sum(a => 32 + 8L * (a.Key.Length + a.Value.Strings.Sum(s => s.Length)) + 16L * a.Value.Items.Length);

    /// <summary>
    /// Brings the side reservation to the measured size of the attribute columns and keyword index. Past a commit
    /// this cannot refuse (the write is durable already), so growth beyond the estimate is charged unconditionally.
    /// </summary>
    private void SettleSideMemory()
    {
        var actual = SideBytes;
        if (actual > _sideReserved) _budget.Charge(actual - _sideReserved);
        else _budget.Release(_sideReserved - actual);
        _sideReserved = actual;
    }

    /// <summary>Gives every reservation back (the shard is dropped).</summary>
    public void ReleaseMemory()
    {
        foreach (var space in _spaces) space.ReleaseMemory();
        _budget.Release(_sideReserved);
        _sideReserved = 0;
    }

    /// <summary>Inserts or replaces a product with all its vectors. Vectors must match their space's dimension.</summary>
    public void Upsert(ProductRecord product)
    {
        foreach (var vector in product.Vectors)
        {
            var space = _spaceByName.TryGetValue(vector.Space, out var index) && index < _rawSpaces
                ? _spaces[index]
                : throw new ArgumentException($"unknown vector space '{vector.Space}'.");
            if (vector.Dimension != space.Dimension)
            {
                throw new ArgumentException($"vector '{vector.Space}' of product '{product.Id}' has {vector.Dimension} dimensions, the space has {space.Dimension}.");
            }
        }
        Reserve([product]); // nothing to do after the caller's ReserveFor; without it, the product fits or nothing changes
        _writes++;
        if (_slotById.TryGetValue(product.Id, out var slot))
        {
            _textBytes -= TextBytes(_ids[slot], _titles[slot]);
        }
        else
        {
            EnsureProducts(_count + 1);
            slot = _count++;
            _slotById[product.Id] = slot;
        }
        _ids[slot] = product.Id;
        _titles[slot] = product.Title;
        _textBytes += TextBytes(product.Id, product.Title);
        _categories[slot] = product.Category;
        _attributes.Set(slot, product.Category, product.Attributes);
        _keywords.Set(slot, KeywordFieldNames.Of(product.Title, product.Category, product.Attributes, product.SceneTextLines));
        for (var s = 0; s < _spaces.Length; s++)
        {
            _spaces[s].SetRows(slot, VectorsFor(product, s));
        }
        SettleSideMemory();
    }

    public bool Remove(string id)
    {
        if (!_slotById.Remove(id, out var slot)) return false;
        _writes++;
        _textBytes -= TextBytes(_ids[slot], _titles[slot]);
        var last = --_count;
        foreach (var space in _spaces)
        {
            space.RemoveRows(slot);
            space.MoveProduct(last, slot);
        }
        if (slot != last)
        {
            _ids[slot] = _ids[last];
            _titles[slot] = _titles[last];
            _categories[slot] = _categories[last];
            _slotById[_ids[slot]] = slot;
            _attributes.Move(last, slot);
            _keywords.Move(last, slot);
        }
        else
        {
            _attributes.Clear(last);
            _keywords.Clear(last);
        }
        _ids[last] = null!;
        _titles[last] = null;
        _categories[last] = null;
        SettleSideMemory();
        return true;
    }

    /// <summary>Whether the shard holds product <paramref name="id"/>.</summary>
    public bool Contains(string id) => _slotById.ContainsKey(id);

    public SearchHit ToHit(RankedCandidate candidate, int shard) =>
        new(candidate.Id, candidate.Score, _titles[candidate.Slot], _categories[candidate.Slot], shard, candidate.MatchedPhoto < 0 ? null : candidate.MatchedPhoto);

    public ShardStats Stats(int shard) => new(
        shard,
        _count,
        RawSpaces.ToImmutableDictionary(s => s.Name, s => s.RowCount),
        MemoryBytes,
        ProductsPerSpace: RawSpaces.ToImmutableDictionary(s => s.Name, s => s.ProductsWithRows));

    private IEnumerable<SpaceRows> RawSpaces => _spaces.Take(_rawSpaces);

    /// <summary>
    /// Bytes held for vectors and their row maps plus an estimate for ids, titles and the id map. The strings'
    /// share is kept up to date by every write, so asking (every GET of the collection) costs nothing per product.
    /// </summary>
    public long MemoryBytes =>
        _spaces.Sum(s => s.MemoryBytes)
        + (long)_ids.Length * (sizeof(int) + 3 * IntPtr.Size)
        + _textBytes
        + SideBytes;

    /// <summary>Estimated bytes of a product's id and title strings and its id-map entry.</summary>
    private static long TextBytes(string id, string? title) => 24 + 2L * id.Length + 24 + (title is { } t ? 24 + 2L * t.Length : 0);

    private SpaceRows SpaceOf(string space) =>
        _spaceByName.TryGetValue(space, out var index)
            ? _spaces[index]
            : throw new ArgumentException($"unknown vector space '{space}'.");

    private void EnsureProducts(int count)
    {
        if (count <= _ids.Length) return;
        var capacity = Math.Max(count, Math.Max(16, _ids.Length + _ids.Length / 2));
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _titles, capacity);
        Array.Resize(ref _categories, capacity);
    }
}
