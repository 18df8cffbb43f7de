using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Search.Ann;

/// <summary>
/// The HNSW graph of one space's rows. Rows move (a delete fills the hole with the last row) and products move (a
/// delete fills the freed slot with the last product), so the graph names rows by stable 64-bit keys: a product's
/// photos get consecutive keys when its rows are set, and the key → product slot map follows every move.
/// Until <see cref="Build"/> runs the graph is empty and writes do not touch it (a shard loads first, then builds in
/// parallel); from then on every write keeps it current.
/// </summary>
internal sealed partial class AnnRows : IDisposable
{
    private readonly AnnIndexSpec _spec;
    private readonly int _dimension;
    private HnswGraph _graph;
    private readonly Dictionary<ulong, int> _productOfKey = [];
    private ulong[] _firstKey = [];
    private int[] _keyCount = [];
    private ulong _nextKey;

    public AnnRows(int dimension, AnnIndexSpec spec)
    {
        _spec = spec;
        _dimension = dimension;
        _graph = new HnswGraph(dimension, spec);
        BytesPerRow = EstimateBytesPerRow(dimension, spec.M, spec.Precision);
    }

    /// <summary>Whether the graph holds every row (searches may use it).</summary>
    public bool IsBuilt { get; private set; }

    public AnnIndexSpec Spec => _spec;

    /// <summary>The graph's bytes plus the key maps.</summary>
    public long MemoryBytes => _graph.MemoryBytes + _productOfKey.Count * (long)KeyEntryBytes + _firstKey.Length * (long)ProductKeysBytes;

    /// <summary>Bytes reserved from the memory budget per row in the graph (see <see cref="EstimateBytesPerRow"/>).</summary>
    public long BytesPerRow { get; }

    /// <summary>
    /// A per-node estimate of USearch's memory, reserved before the graph grows (the library's own
    /// <c>usearch_memory_usage</c> counts whole arenas of 8 MiB, so it cannot price one more row). A node holds its
    /// key and level, 2·m links of 4 bytes on level 0 and m more per upper level (a node reaches level l with
    /// probability m^−l), each list behind a 4-byte count, the whole rounded up to 64 bytes; then its vector at the
    /// graph's precision (d or 2·d bytes, 64-byte aligned) and about 40 bytes of key and slot lookups. Checked against the
    /// arenas' fill with the library alone: 196 bytes per node at m = 16 and 324 at m = 32, as this computes, and float16
    /// vectors of exactly 2·d bytes. Then this class's own key maps (<see cref="KeyMapBytesPerRow"/>). Against the process's
    /// resident growth over a build (<c>bench … ann</c>): 789 B estimated, 815 B resident at 1M × 512 int8; 1,301 against
    /// 1,318 at 200k float16. The library's own count is higher (837 and 1,642 B) because it counts its arenas whole,
    /// untouched tails included.
    /// </summary>
    public static long EstimateBytesPerRow(int dimension, int m, AnnPrecision precision = AnnIndexSpec.DefaultPrecision)
    {
        const int header = sizeof(ulong) + sizeof(short);
        double node = 0, reach = 1;
        for (var level = 0; level < 16; level++, reach /= m)
        {
            var bytes = header + sizeof(int) + 2L * m * sizeof(int) + level * (sizeof(int) + (long)m * sizeof(int));
            node += reach * (1 - 1.0 / m) * AlignTo64(bytes);
        }
        return (long)Math.Ceiling(node) + AlignTo64((long)USearchNative.ScalarOf(precision).Bytes * dimension) + 40 + KeyMapBytesPerRow;
    }

    /// <summary>
    /// The key maps per row of one-photo products (<see cref="KeyEntryBytes"/> + <see cref="ProductKeysBytes"/>); reserved
    /// with the graph since they live and die with it.
    /// </summary>
    public const int KeyMapBytesPerRow = KeyEntryBytes + ProductKeysBytes;

    /// <summary>A key → product map entry (key, value, hash, next: 24 bytes) and its bucket (4).</summary>
    private const int KeyEntryBytes = 28;

    /// <summary>A product's first key and key count.</summary>
    private const int ProductKeysBytes = sizeof(ulong) + sizeof(int);

    private static long AlignTo64(long bytes) => (bytes + 63) / 64 * 64;

    /// <summary>The product slot of a key; -1 for a key no longer mapped (the graph may still visit a removed node).</summary>
    public int ProductOf(ulong key) => _productOfKey.TryGetValue(key, out var product) ? product : -1;

    /// <summary>Adds every row of <paramref name="rows"/> (the space this graph belongs to) on all cores.</summary>
    public void Build(SpaceRows rows, CancellationToken cancellationToken = default)
    {
        if (IsBuilt) return;
        _graph.Reserve(rows.RowCount);
        var pending = new (ulong Key, int Row)[rows.RowCount];
        var next = 0;
        for (var product = 0; product < rows.ProductSlots; product++)
        {
            var productRows = rows.RowsOf(product);
            if (productRows.Length == 0) continue;
            var first = Assign(product, productRows.Length);
            for (var i = 0; i < productRows.Length; i++) pending[next++] = (first + (ulong)i, productRows[i]);
        }
        AddInParallel(rows, pending[..next], cancellationToken);
        IsBuilt = true;
    }

    private void AddInParallel(SpaceRows rows, (ulong Key, int Row)[] pending, CancellationToken cancellationToken)
    {
        Parallel.For(0, pending.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            i => _graph.Add(pending[i].Key, rows.Vectors.Row(pending[i].Row)));
    }

    /// <summary>Product <paramref name="product"/> now has the rows of <paramref name="values"/> (it had none).</summary>
    public void AddRows(int product, ReadOnlySpan<float> values, int dimension)
    {
        if (!IsBuilt) return;
        var count = values.Length / dimension;
        if (count == 0) return;
        var first = Assign(product, count);
        for (var i = 0; i < count; i++) _graph.Add(first + (ulong)i, values.Slice(i * dimension, dimension));
    }

    public void RemoveRows(int product)
    {
        if (product >= _keyCount.Length || _keyCount[product] == 0) return;
        for (var i = 0; i < _keyCount[product]; i++)
        {
            var key = _firstKey[product] + (ulong)i;
            if (IsBuilt) _graph.Remove(key);
            _productOfKey.Remove(key);
        }
        _keyCount[product] = 0;
    }

    /// <summary>The product in slot <paramref name="from"/> now lives in slot <paramref name="to"/> (which has no keys).</summary>
    public void MoveProduct(int from, int to)
    {
        if (from == to || from >= _keyCount.Length) return;
        var count = _keyCount[from];
        EnsureProducts(to + 1);
        for (var i = 0; i < count; i++) _productOfKey[_firstKey[from] + (ulong)i] = to;
        (_firstKey[to], _keyCount[to]) = (_firstKey[from], count);
        _keyCount[from] = 0;
    }

    /// <summary>See <see cref="HnswGraph.Search"/>.</summary>
    public int Search(ReadOnlySpan<float> query, int? ef, Span<ulong> keys, Span<float> distances, Func<ulong, bool>? keep) =>
        _graph.Search(query, ef, keys, distances, keep);

    public void Dispose() => _graph.Dispose();

    private ulong Assign(int product, int count)
    {
        EnsureProducts(product + 1);
        var first = _nextKey;
        _nextKey += (ulong)count;
        _firstKey[product] = first;
        _keyCount[product] = count;
        for (var i = 0; i < count; i++) _productOfKey[first + (ulong)i] = product;
        return first;
    }

    private void EnsureProducts(int products)
    {
        if (products <= _firstKey.Length) return;
        var capacity = Math.Max(products, Math.Max(16, _firstKey.Length + _firstKey.Length / 2));
        Array.Resize(ref _firstKey, capacity);
        Array.Resize(ref _keyCount, capacity);
    }
}
