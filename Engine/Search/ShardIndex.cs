using System.Buffers;
using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Search;

/// <summary>
/// The in-memory partition of one shard: per-space vector columns, an id → slot map and per-slot metadata.
/// Slots stay dense: a delete moves the last product into the freed slot (swap-remove), so a scan never
/// visits holes. Exact top-k by Σ weight × dot over the query's spaces, with an optional category filter.
/// Optionally each column has int8 codes beside its float32 rows (<see cref="QuantizationSpec"/>). Growth is
/// reserved from a <see cref="MemoryBudget"/> before any block is allocated.
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
    private readonly Int8Column?[] _codes;
    private readonly QuantizationSpec _quantization;
    private readonly bool _quantized;
    private readonly MemoryBudget _budget;
    private readonly long _bytesPerBlock;
    private int _reservedBlocks;
    private int _count;
    private long _textBytes;

    public ShardIndex(IEnumerable<VectorSpace> spaces, QuantizationSpec? quantization = null, MemoryBudget? budget = null)
    {
        _columns = spaces.Select(s => new VectorColumn(s.Name, s.Dimension)).ToArray();
        _columnByName = _columns.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        _quantization = quantization ?? QuantizationSpec.None;
        _quantized = _quantization.Type == QuantizationType.Int8;
        if (_quantization.Oversample < 1) throw new ArgumentOutOfRangeException(nameof(quantization), "oversample must be at least 1.");
        _codes = _columns.Select(c => _quantized ? new Int8Column(c.Dimension) : null).ToArray();
        _budget = budget ?? MemoryBudget.Unlimited;
        _bytesPerBlock = _columns.Sum(c => VectorColumn.BytesPerBlock(c.Dimension) + (_quantized ? Int8Column.BytesPerBlock(c.Dimension) : 0));
    }

    /// <summary>Bytes reserved from the memory budget for vector blocks (float32 and codes).</summary>
    public long ReservedBytes => _reservedBlocks * _bytesPerBlock;

    /// <summary>
    /// Reserves memory for the products about to be upserted (new ids only), or throws
    /// <see cref="MemoryBudgetExceededException"/> having changed nothing. Call before committing them anywhere.
    /// </summary>
    public void ReserveFor(IEnumerable<ProductRecord> products)
    {
        var added = products.Select(p => p.Id).Where(id => !_slotById.ContainsKey(id)).Distinct(StringComparer.Ordinal).Count();
        ReserveRows(_count + added);
    }

    /// <summary>Gives every reservation back (the shard is dropped).</summary>
    public void ReleaseMemory()
    {
        _budget.Release(ReservedBytes);
        _reservedBlocks = 0;
    }

    private void ReserveRows(int rows)
    {
        var blocks = (int)(((long)rows + VectorColumn.BlockRows - 1) / VectorColumn.BlockRows);
        if (blocks <= _reservedBlocks) return;
        _budget.Reserve((blocks - _reservedBlocks) * _bytesPerBlock);
        _reservedBlocks = blocks;
    }

    /// <summary>
    /// Largest batch scanned through the int8 codes. Codes win where a scan is memory-bound (one or a few queries:
    /// 2.5–3.2× faster than float32 here); a big batch is compute-bound, and the tiled float32 kernel does more
    /// work per cycle than widening 8-bit codes (32 queries: 160 vs 210 ms on 65k × 512), so it scans exactly.
    /// </summary>
    public const int Int8MaxBatch = 8;

    public int Count => _count;

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
            _textBytes -= TextBytes(_ids[slot], _titles[slot]);
        }
        else
        {
            EnsureCapacity(_count + 1);
            slot = _count++;
            _slotById[product.Id] = slot;
        }
        _ids[slot] = product.Id;
        _titles[slot] = product.Title;
        _textBytes += TextBytes(product.Id, product.Title);
        _categories[slot] = product.Category;
        _categoryOfSlot[slot] = product.Category is null ? -1 : CategoryCode(product.Category);
        for (var c = 0; c < _columns.Length; c++)
        {
            var column = _columns[c];
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
            _codes[c]?.Encode(slot, row, column, _count);
        }
    }

    public bool Remove(string id)
    {
        if (!_slotById.Remove(id, out var slot)) return false;
        _textBytes -= TextBytes(_ids[slot], _titles[slot]);
        var last = --_count;
        for (var c = 0; c < _columns.Length; c++)
        {
            var column = _columns[c];
            if (!IsZero(column.Row(slot))) column.PresentCount--;
            if (slot != last) column.Row(last).CopyTo(column.Row(slot));
            column.Row(last).Clear();
            column.TrimToRows(_count);
            if (_codes[c] is { } codes)
            {
                if (slot != last) codes.Row(last).CopyTo(codes.Row(slot));
                codes.TrimToRows(_count);
            }
        }
        var kept = _columns.Length == 0 ? 0 : _columns[0].BlockCount;
        if (_columns.Length > 0 && kept < _reservedBlocks)
        {
            _budget.Release((_reservedBlocks - kept) * _bytesPerBlock);
            _reservedBlocks = kept;
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

    public RankedCandidate[] Search(ShardQuery query, CancellationToken cancellationToken = default) => SearchBatch([query], cancellationToken)[0];

    /// <summary>
    /// Scores every query against each block while the block is in cache; one top-k per query. With int8
    /// quantization the codes are scanned for the best k × oversample candidates, which are then rescored exactly.
    /// A cancelled token stops the scan between tiles (<see cref="OperationCanceledException"/>).
    /// </summary>
    public RankedCandidate[][] SearchBatch(IReadOnlyList<ShardQuery> queries, CancellationToken cancellationToken = default)
    {
        var collectors = new TopKCollector?[queries.Count];
        var filters = new int[queries.Count];
        var scanCodes = _quantized && queries.Count <= Int8MaxBatch;
        for (var q = 0; q < queries.Count; q++)
        {
            ValidateQuery(queries[q]);
            filters[q] = queries[q].Category is null ? -1 : _categoryCodes.GetValueOrDefault(queries[q].Category!, -2);
            var keep = scanCodes ? (int)Math.Min((long)queries[q].K * _quantization.Oversample, int.MaxValue) : queries[q].K;
            collectors[q] = _count == 0 || filters[q] == -2 ? null : new TopKCollector(Math.Min(keep, _count));
        }
        if (scanCodes)
        {
            ScoreBlocks(queries, collectors, filters, quantized: true, cancellationToken);
            return queries.Select((query, q) => collectors[q] is { } c ? Rescore(query, c.ToSortedArray()) : []).ToArray();
        }
        if (queries.Count == 1 && queries[0].Vectors.Length == 1 && collectors[0] is { } single)
        {
            ScanFused(queries[0].Vectors[0], single, filters[0], cancellationToken);
        }
        else
        {
            ScoreBlocks(queries, collectors, filters, quantized: false, cancellationToken);
        }
        return collectors.Select(c => c?.ToSortedArray() ?? []).ToArray();
    }

    /// <summary>One query, one space: each row's score goes straight to the top-k, with no score buffer pass.</summary>
    private void ScanFused(QueryVector vector, TopKCollector collector, int filter, CancellationToken cancellationToken)
    {
        var column = ColumnOf(vector.Space);
        var query = vector.Values;
        var weight = vector.Weight;
        var dim = column.Dimension;
        var threshold = collector.Threshold;
        for (var block = 0; block * VectorColumn.BlockRows < _count; block++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var firstSlot = block * VectorColumn.BlockRows;
            var rows = Math.Min(VectorColumn.BlockRows, _count - firstSlot);
            var data = column.BlockRowsSpan(block, rows);
            for (var i = 0; i < rows; i++)
            {
                OfferOne(collector, weight * DotKernel.Dot(query, data.Slice(i * dim, dim)), firstSlot + i, filter, ref threshold);
            }
        }
    }

    /// <summary>
    /// Walks each block in tiles small enough to stay in L2 while every query passes over them, and keeps the
    /// scores of one tile only (queries × tile rows): a whole block's worth at 256 queries is 2 MB, which the
    /// kernel's writes and the top-k pass would chase through L3.
    /// </summary>
    private void ScoreBlocks(IReadOnlyList<ShardQuery> queries, TopKCollector?[] collectors, int[] filters, bool quantized, CancellationToken cancellationToken)
    {
        var plans = _columns
            .Select((column, c) => quantized ? (ColumnPlan)Int8Plan.Create(column, _codes[c]!, queries, collectors) : Fp32Plan.Create(column, queries, collectors))
            .Where(plan => plan.HasQueries)
            .ToArray();
        if (plans.Length == 0) return; // every query was already known to find nothing
        var tileRows = BatchDotKernel.TileRows(plans.Sum(p => p.BytesPerRow));
        var scores = ArrayPool<float>.Shared.Rent(queries.Count * tileRows);
        try
        {
            for (var block = 0; block * VectorColumn.BlockRows < _count; block++)
            {
                var blockStart = block * VectorColumn.BlockRows;
                var rows = Math.Min(VectorColumn.BlockRows, _count - blockStart);
                for (var start = 0; start < rows; start += tileRows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var count = Math.Min(tileRows, rows - start);
                    scores.AsSpan(0, queries.Count * tileRows).Clear();
                    foreach (var plan in plans) plan.Score(block, start, count, scores, tileRows);
                    for (var q = 0; q < queries.Count; q++)
                    {
                        if (collectors[q] is { } collector) OfferTile(collector, scores.AsSpan(q * tileRows, count), blockStart + start, filters[q]);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>
    /// Offers a tile's scores (slot <paramref name="firstSlot"/> onwards) to the top-k. Once the heap is full
    /// almost no score can enter, so whole vectors of scores below the threshold are skipped with one compare.
    /// </summary>
    private void OfferTile(TopKCollector collector, ReadOnlySpan<float> scores, int firstSlot, int filter)
    {
        var width = Vector<float>.Count;
        ref var first = ref MemoryMarshal.GetReference(scores);
        var threshold = collector.Threshold;
        var i = 0;
        for (; i <= scores.Length - width; i += width)
        {
            if (!Vector.GreaterThanOrEqualAny(Vector.LoadUnsafe(ref first, (nuint)i), new Vector<float>(threshold))) continue;
            for (var j = i; j < i + width; j++) OfferOne(collector, scores[j], firstSlot + j, filter, ref threshold);
        }
        for (; i < scores.Length; i++) OfferOne(collector, scores[i], firstSlot + i, filter, ref threshold);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void OfferOne(TopKCollector collector, float score, int slot, int filter, ref float threshold)
    {
        if (score < threshold || (filter >= 0 && _categoryOfSlot[slot] != filter)) return;
        collector.Offer(score, slot, _ids);
        threshold = collector.Threshold;
    }

    /// <summary>Exact float32 scores for the candidates the codes picked; the best k of them, in order.</summary>
    private RankedCandidate[] Rescore(ShardQuery query, RankedCandidate[] candidates)
    {
        var exact = new TopKCollector(Math.Min(query.K, Math.Max(1, candidates.Length)));
        var columns = query.Vectors.Select(vector => ColumnOf(vector.Space)).ToArray();
        foreach (var candidate in candidates)
        {
            var score = 0f;
            for (var v = 0; v < columns.Length; v++)
            {
                score += query.Vectors[v].Weight * DotKernel.Dot(query.Vectors[v].Values, columns[v].Row(candidate.Slot));
            }
            exact.Offer(candidate with { Score = score });
        }
        return candidates.Length == 0 ? [] : exact.ToSortedArray();
    }

    public ShardStats Stats(int shard) => new(
        shard,
        _count,
        _columns.ToImmutableDictionary(c => c.Name, c => c.PresentCount),
        MemoryBytes);

    /// <summary>
    /// Bytes held for vectors plus an estimate for ids, titles and the id map. The strings' share is kept up to
    /// date by every write, so asking (every GET of the collection) costs nothing per product.
    /// </summary>
    public long MemoryBytes =>
        _columns.Sum(c => c.AllocatedBytes) + _codes.Sum(c => c?.AllocatedBytes ?? 0)
        + (long)_ids.Length * (sizeof(int) + 3 * IntPtr.Size)
        + _textBytes;

    /// <summary>Estimated bytes of a product's id and title strings and its id-map entry.</summary>
    private static long TextBytes(string id, string? title) => 24 + 2L * id.Length + 24 + (title is { } t ? 24 + 2L * t.Length : 0);

    /// <summary>Throws <see cref="ArgumentException"/> when the query does not fit this index (k, spaces, dimensions).</summary>
    public void ValidateQuery(ShardQuery query)
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
        ReserveRows(rows);
        foreach (var column in _columns) column.EnsureRows(rows);
        foreach (var codes in _codes) codes?.EnsureRows(rows);
        if (rows <= _ids.Length) return;
        var capacity = Math.Max(rows, Math.Max(16, _ids.Length + _ids.Length / 2));
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _titles, capacity);
        Array.Resize(ref _categories, capacity);
        Array.Resize(ref _categoryOfSlot, capacity);
    }

    private static bool IsZero(ReadOnlySpan<float> row) => !row.ContainsAnyExcept(0f);
}
