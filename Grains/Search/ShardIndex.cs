using System.Buffers;
using System.Collections.Immutable;
using UmsOrleans.Contracts;

namespace UmsOrleans.Search;

/// <summary>
/// The in-memory partition of one shard: per-space vector columns, an id → slot map and per-slot metadata.
/// Slots stay dense: a delete moves the last product into the freed slot (swap-remove), so a scan never
/// visits holes. Exact top-k by Σ weight × dot over the query's spaces, with an optional category filter.
/// Not thread-safe for writes: the shard grain runs writes exclusively.
/// </summary>
public sealed class ShardIndex
{
    private readonly VectorColumn[] _columns;
    private readonly Dictionary<string, int> _columnByName;
    private readonly Dictionary<string, int> _slotById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _categoryCodes = new(StringComparer.Ordinal);
    private string[] _ids = [];
    private string?[] _titles = [];
    private string?[] _categories = [];
    private int[] _categoryOfSlot = [];
    private int _count;

    public ShardIndex(IEnumerable<VectorSpace> spaces)
    {
        _columns = spaces.Select(s => new VectorColumn(s.Name, s.Dimension)).ToArray();
        _columnByName = _columns.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
    }

    public int Count => _count;

    public bool Contains(string id) => _slotById.ContainsKey(id);

    /// <summary>Inserts or replaces a product. Vectors must match their space's dimension.</summary>
    public void Upsert(ProductRecord product)
    {
        foreach (var vector in product.Vectors)
        {
            var column = ColumnOf(vector.Space);
            if (vector.Dimension != column.Dimension)
            {
                throw new ArgumentException($"vector '{vector.Space}' of product '{product.Id}' has {vector.Dimension} dimensions, the space has {column.Dimension}.");
            }
        }
        if (_slotById.TryGetValue(product.Id, out var slot))
        {
            foreach (var column in _columns)
            {
                if (!IsZero(column.Row(slot))) column.PresentCount--;
            }
        }
        else
        {
            slot = _count++;
            EnsureCapacity(_count);
            _slotById[product.Id] = slot;
        }
        _ids[slot] = product.Id;
        _titles[slot] = product.Title;
        _categories[slot] = product.Category;
        _categoryOfSlot[slot] = product.Category is null ? -1 : CategoryCode(product.Category);
        foreach (var column in _columns)
        {
            var row = column.Row(slot);
            if (product.FindVector(column.Name) is { } vector)
            {
                vector.Values.CopyTo(row);
                column.PresentCount++;
            }
            else
            {
                row.Clear();
            }
        }
    }

    public bool Remove(string id)
    {
        if (!_slotById.Remove(id, out var slot)) return false;
        var last = --_count;
        foreach (var column in _columns)
        {
            if (!IsZero(column.Row(slot))) column.PresentCount--;
            if (slot != last) column.Row(last).CopyTo(column.Row(slot));
            column.Row(last).Clear();
            column.TrimToRows(_count);
        }
        if (slot != last)
        {
            _ids[slot] = _ids[last];
            _titles[slot] = _titles[last];
            _categories[slot] = _categories[last];
            _categoryOfSlot[slot] = _categoryOfSlot[last];
            _slotById[_ids[slot]] = slot;
        }
        _ids[last] = null!;
        _titles[last] = null;
        _categories[last] = null;
        return true;
    }

    public SearchHit ToHit(RankedCandidate candidate, int shard) =>
        new(candidate.Id, candidate.Score, _titles[candidate.Slot], _categories[candidate.Slot], shard);

    public RankedCandidate[] Search(ShardQuery query) => SearchBatch([query])[0];

    /// <summary>Scores every query against each block while the block is in cache; one top-k per query.</summary>
    public RankedCandidate[][] SearchBatch(IReadOnlyList<ShardQuery> queries)
    {
        var collectors = new TopKCollector?[queries.Count];
        var filters = new int[queries.Count];
        for (var q = 0; q < queries.Count; q++)
        {
            ValidateQuery(queries[q]);
            filters[q] = queries[q].Category is null ? -1 : _categoryCodes.GetValueOrDefault(queries[q].Category!, -2);
            collectors[q] = _count == 0 || filters[q] == -2 ? null : new TopKCollector(Math.Min(queries[q].K, _count));
        }
        var rowsPerBlock = VectorColumn.BlockRows;
        var scores = ArrayPool<float>.Shared.Rent(queries.Count * rowsPerBlock);
        try
        {
            for (var block = 0; block * rowsPerBlock < _count; block++)
            {
                var rows = Math.Min(rowsPerBlock, _count - block * rowsPerBlock);
                scores.AsSpan(0, queries.Count * rowsPerBlock).Clear();
                foreach (var column in _columns)
                {
                    ScoreColumnBlock(column, block, rows, queries, collectors, scores);
                }
                for (var q = 0; q < queries.Count; q++)
                {
                    if (collectors[q] is not { } collector) continue;
                    var queryScores = scores.AsSpan(q * rowsPerBlock, rows);
                    var firstSlot = block * rowsPerBlock;
                    for (var i = 0; i < rows; i++)
                    {
                        if (filters[q] >= 0 && _categoryOfSlot[firstSlot + i] != filters[q]) continue;
                        collector.Offer(queryScores[i], firstSlot + i, _ids);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }
        return collectors.Select(c => c?.ToSortedArray() ?? []).ToArray();
    }

    public ShardStats Stats(int shard) => new(
        shard,
        _count,
        _columns.ToImmutableDictionary(c => c.Name, c => c.PresentCount),
        MemoryBytes);

    /// <summary>Bytes held for vectors plus an estimate for ids, titles and the id map.</summary>
    public long MemoryBytes
    {
        get
        {
            long bytes = _columns.Sum(c => c.AllocatedBytes);
            bytes += (long)_ids.Length * (sizeof(int) + 3 * IntPtr.Size);
            for (var i = 0; i < _count; i++)
            {
                bytes += 24 + 2L * _ids[i].Length + 24 + (_titles[i] is { } t ? 24 + 2L * t.Length : 0);
            }
            return bytes;
        }
    }

    private void ScoreColumnBlock(VectorColumn column, int block, int rows, IReadOnlyList<ShardQuery> queries, TopKCollector?[] collectors, float[] scores)
    {
        var rowsPerBlock = VectorColumn.BlockRows;
        var data = column.BlockRowsSpan(block, rows);
        Span<int> pending = stackalloc int[4];
        Span<float> weights = stackalloc float[4];
        var pendingCount = 0;
        ReadOnlyMemory<byte>[] vectors = new ReadOnlyMemory<byte>[4];
        for (var q = 0; q < queries.Count; q++)
        {
            if (collectors[q] is null) continue;
            var vector = FindQueryVector(queries[q], column.Name);
            if (vector is null) continue;
            pending[pendingCount] = q;
            weights[pendingCount] = vector.Weight;
            vectors[pendingCount] = vector.Data;
            if (++pendingCount == 4)
            {
                DotKernel.AccumulateScores4(
                    AsFloats(vectors[0]), AsFloats(vectors[1]), AsFloats(vectors[2]), AsFloats(vectors[3]),
                    data, rows, weights,
                    scores.AsSpan(pending[0] * rowsPerBlock, rows), scores.AsSpan(pending[1] * rowsPerBlock, rows),
                    scores.AsSpan(pending[2] * rowsPerBlock, rows), scores.AsSpan(pending[3] * rowsPerBlock, rows));
                pendingCount = 0;
            }
        }
        for (var p = 0; p < pendingCount; p++)
        {
            DotKernel.AccumulateScores(AsFloats(vectors[p]), data, rows, weights[p], scores.AsSpan(pending[p] * rowsPerBlock, rows));
        }
    }

    private static ReadOnlySpan<float> AsFloats(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.Span);

    private static QueryVector? FindQueryVector(ShardQuery query, string space)
    {
        foreach (var vector in query.Vectors)
        {
            if (vector.Space == space) return vector;
        }
        return null;
    }

    private void ValidateQuery(ShardQuery query)
    {
        if (query.K < 1) throw new ArgumentException("k must be at least 1.");
        foreach (var vector in query.Vectors)
        {
            var column = ColumnOf(vector.Space);
            if (vector.Data.Length != column.Dimension * sizeof(float))
            {
                throw new ArgumentException($"query vector '{vector.Space}' has {vector.Data.Length / sizeof(float)} dimensions, the space has {column.Dimension}.");
            }
        }
    }

    private VectorColumn ColumnOf(string space) =>
        _columnByName.TryGetValue(space, out var index)
            ? _columns[index]
            : throw new ArgumentException($"unknown vector space '{space}'.");

    private int CategoryCode(string category)
    {
        if (!_categoryCodes.TryGetValue(category, out var code))
        {
            code = _categoryCodes.Count;
            _categoryCodes[category] = code;
        }
        return code;
    }

    private void EnsureCapacity(int rows)
    {
        foreach (var column in _columns) column.EnsureRows(rows);
        if (rows <= _ids.Length) return;
        var capacity = Math.Max(rows, Math.Max(16, _ids.Length + _ids.Length / 2));
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _titles, capacity);
        Array.Resize(ref _categories, capacity);
        Array.Resize(ref _categoryOfSlot, capacity);
    }

    private static bool IsZero(ReadOnlySpan<float> row) => !row.ContainsAnyExcept(0f);
}
