using System.Runtime.InteropServices;

namespace UmsOrleans.Engine.Search.Ann;

/// <summary>
/// One USearch HNSW graph over vectors of one dimension, scored by inner product (the rows are L2-normalised, so this
/// is the cosine), its vectors kept at the spec's precision (int8, bfloat16 or float16: a quarter or half the memory of a
/// float32 copy; callers rescore the candidates exactly).
/// Thread-safety: adds and searches may run concurrently up to the library's per-thread contexts (one per core), which
/// <see cref="_contexts"/> guards; removes must not overlap searches (the shard runs writes exclusively). A search with
/// its own expansion changes the graph's setting, so it runs alone (<see cref="_expansion"/>).
/// </summary>
internal sealed class HnswGraph : IDisposable
{
    private readonly SemaphoreSlim _contexts = new(Environment.ProcessorCount);
    private readonly ReaderWriterLockSlim _expansion = new();
    private readonly int _dimension;
    private readonly int _m;
    private readonly int _ef;
    private IntPtr _index;

    public HnswGraph(int dimension, Catalog.AnnIndexSpec spec)
    {
        _dimension = dimension;
        _m = spec.M;
        _ef = spec.Ef;
        var options = new USearchNative.InitOptions
        {
            MetricKind = USearchNative.MetricInnerProduct,
            Quantization = USearchNative.ScalarOf(spec.Precision).Kind,
            Dimensions = (nuint)dimension,
            Connectivity = (nuint)spec.M,
            ExpansionAdd = (nuint)spec.EfConstruction,
            ExpansionSearch = (nuint)spec.Ef,
        };
        _index = USearchNative.usearch_init(ref options, out var error);
        USearchNative.Check(error, "init");
    }

    ~HnswGraph() => Free();

    public long Size => (long)USearchNative.usearch_size(Handle, out _);

    /// <summary>Bytes the library holds for the graph and its vector copies.</summary>
    public long MemoryBytes => _index == IntPtr.Zero ? 0 : (long)USearchNative.usearch_memory_usage(_index, out _);

    private IntPtr Handle => _index != IntPtr.Zero ? _index : throw new ObjectDisposedException(nameof(HnswGraph));

    /// <summary>Makes room for <paramref name="entries"/> entries in all (adds beyond it grow the graph one step at a time).</summary>
    public void Reserve(long entries)
    {
        if (entries <= (long)USearchNative.usearch_capacity(Handle, out _)) return;
        USearchNative.usearch_reserve(Handle, (nuint)entries, out var error);
        USearchNative.Check(error, "reserve");
    }

    /// <summary>Adds a vector under a key not in the graph. Concurrent adds need <see cref="Reserve"/> beforehand.</summary>
    public void Add(ulong key, ReadOnlySpan<float> vector)
    {
        if (vector.Length != _dimension) throw new ArgumentException($"vector has {vector.Length} dimensions, the graph {_dimension}.");
        var capacity = (long)USearchNative.usearch_capacity(Handle, out _);
        if (Size + 1 > capacity) Reserve(Math.Max(1024, capacity * 2));
        _contexts.Wait();
        try
        {
            USearchNative.usearch_add(Handle, key, ref MemoryMarshal.GetReference(vector), USearchNative.ScalarF32, out var error);
            USearchNative.Check(error, "add");
        }
        finally
        {
            _contexts.Release();
        }
    }

    /// <summary>Writes the graph (nodes, links and vectors) to <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        USearchNative.usearch_save(Handle, path, out var error);
        USearchNative.Check(error, "save");
    }

    /// <summary>
    /// Replaces the graph with the one saved at <paramref name="path"/>, which must have this graph's dimension and m.
    /// After a failure the graph is in no known state: dispose it.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not such a graph.</exception>
    public void Load(string path)
    {
        USearchNative.usearch_load(Handle, path, out var error);
        if (error != IntPtr.Zero) throw new InvalidDataException($"usearch load: {Marshal.PtrToStringUTF8(error)}");
        var dimension = (int)USearchNative.usearch_dimensions(Handle, out _);
        var m = (int)USearchNative.usearch_connectivity(Handle, out _);
        if (dimension != _dimension || m != _m) throw new InvalidDataException($"the saved graph has dimension {dimension} and m {m}, not {_dimension} and {_m}.");
        SetExpansion(_ef);
    }

    public void Remove(ulong key)
    {
        USearchNative.usearch_remove(Handle, key, out var error);
        USearchNative.Check(error, "remove");
    }

    /// <summary>
    /// Up to <paramref name="keys"/>.Length nearest keys, nearest first, with their distances (1 − inner product);
    /// <paramref name="keep"/>, when set, is asked during the traversal and keys it refuses are never returned.
    /// <paramref name="ef"/>: the search expansion (null: the graph's).
    /// </summary>
    public int Search(ReadOnlySpan<float> query, int? ef, Span<ulong> keys, Span<float> distances, Func<ulong, bool>? keep = null)
    {
        if (keys.IsEmpty) return 0;
        var own = ef is { } e && e != _ef;
        if (own) _expansion.EnterWriteLock(); else _expansion.EnterReadLock();
        _contexts.Wait();
        try
        {
            if (own) SetExpansion(ef!.Value);
            try
            {
                return SearchNative(query, keys, distances, keep);
            }
            finally
            {
                if (own) SetExpansion(_ef);
            }
        }
        finally
        {
            _contexts.Release();
            if (own) _expansion.ExitWriteLock(); else _expansion.ExitReadLock();
        }
    }

    private int SearchNative(ReadOnlySpan<float> query, Span<ulong> keys, Span<float> distances, Func<ulong, bool>? keep)
    {
        ref var queryRef = ref MemoryMarshal.GetReference(query);
        ref var keysRef = ref MemoryMarshal.GetReference(keys);
        ref var distancesRef = ref MemoryMarshal.GetReference(distances);
        IntPtr error;
        nuint found;
        if (keep is null)
        {
            found = USearchNative.usearch_search(Handle, ref queryRef, USearchNative.ScalarF32, (nuint)keys.Length, ref keysRef, ref distancesRef, out error);
        }
        else
        {
            USearchNative.KeyPredicate predicate = (key, _) => keep(key) ? 1 : 0;
            found = USearchNative.usearch_filtered_search(Handle, ref queryRef, USearchNative.ScalarF32, (nuint)keys.Length, predicate, IntPtr.Zero, ref keysRef, ref distancesRef, out error);
            GC.KeepAlive(predicate);
        }
        USearchNative.Check(error, "search");
        return (int)found;
    }

    private void SetExpansion(int ef)
    {
        USearchNative.usearch_change_expansion_search(Handle, (nuint)ef, out var error);
        USearchNative.Check(error, "change_expansion_search");
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        var index = Interlocked.Exchange(ref _index, IntPtr.Zero);
        if (index != IntPtr.Zero) USearchNative.usearch_free(index, out _);
    }
}
