using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Ann;

namespace UmsOrleans.Engine.Search;

/// <summary>
/// The vectors of one space in a shard: rows kept dense (a removed row is filled by the last one), the product
/// slot each row belongs to, and each product's rows in photo order. A product may have no row here (it lacks the
/// space) or several (several photos). Optionally int8 codes shadow the float32 rows, and an HNSW graph indexes them.
/// </summary>
internal sealed class SpaceRows
{
    private static readonly int[] NoRows = [];

    private readonly MemoryBudget _budget;
    private readonly long _bytesPerBlock;
    private int[] _productOfRow = [];
    private int[][] _rowsOfProduct = [];
    private int _reservedBlocks;
    private long _graphReservedRows;

    public SpaceRows(string name, int dimension, bool quantized, MemoryBudget budget, AnnIndexSpec? ann = null)
    {
        Vectors = new VectorColumn(name, dimension);
        Codes = quantized ? new Int8Column(dimension) : null;
        Ann = ann is { Type: AnnIndexType.Hnsw } ? new AnnRows(dimension, ann) : null;
        _budget = budget;
        _bytesPerBlock = VectorColumn.BytesPerBlock(dimension) + (quantized ? Int8Column.BytesPerBlock(dimension) : 0);
    }

    public VectorColumn Vectors { get; }

    public Int8Column? Codes { get; }

    /// <summary>The HNSW graph of the rows, when the collection asks for one.</summary>
    public AnnRows? Ann { get; }

    public string Name => Vectors.Name;

    public int Dimension => Vectors.Dimension;

    public int RowCount { get; private set; }

    /// <summary>Bytes reserved from the memory budget for this space's blocks and its graph's nodes.</summary>
    public long ReservedBytes => _reservedBlocks * _bytesPerBlock + GraphReservedBytes;

    /// <summary>Bytes reserved for the graph's nodes: a row's estimate per row the graph holds (0 until it is built).</summary>
    public long GraphReservedBytes => _graphReservedRows * (Ann?.BytesPerRow ?? 0);

    /// <summary>Vectors, codes, the HNSW graph, the row → product map and the per-product row lists.</summary>
    public long MemoryBytes =>
        Vectors.AllocatedBytes + (Ann?.MemoryBytes ?? 0) + (Codes?.AllocatedBytes ?? 0) + (long)_productOfRow.Length * sizeof(int)
        + (long)_rowsOfProduct.Length * IntPtr.Size + (RowCount * (long)sizeof(int)) + ProductsWithRows * 24L;

    /// <summary>How many products have at least one vector in this space.</summary>
    public int ProductsWithRows { get; private set; }

    public int ProductOf(int row) => _productOfRow[row];

    /// <summary>The row → product map of rows [0, <see cref="RowCount"/>).</summary>
    public ReadOnlySpan<int> ProductOfRows => _productOfRow.AsSpan(0, RowCount);

    /// <summary>Product slots with a row list (possibly empty): every product with rows is below this.</summary>
    public int ProductSlots => _rowsOfProduct.Length;

    public ReadOnlySpan<int> RowsOf(int product) => product < _rowsOfProduct.Length ? _rowsOfProduct[product] ?? NoRows : NoRows;

    /// <summary>Bytes of blocks (and graph nodes, once the graph is built) needed beyond the current reservation to hold <paramref name="rows"/> rows.</summary>
    public long BytesToReserve(long rows) =>
        Math.Max(0, BlocksFor(rows) - _reservedBlocks) * _bytesPerBlock + Math.Max(0, GraphRowsFor(rows) - _graphReservedRows) * (Ann?.BytesPerRow ?? 0);

    /// <summary>Records a reservation the caller has already taken from the budget (<see cref="BytesToReserve"/>).</summary>
    public void AcceptReservation(long rows)
    {
        _reservedBlocks = Math.Max(_reservedBlocks, BlocksFor(rows));
        _graphReservedRows = Math.Max(_graphReservedRows, GraphRowsFor(rows));
    }

    /// <summary>
    /// Reserves the graph's nodes for every row, then starts the graph from the pair saved at <paramref name="savedPath"/>
    /// (see <see cref="AnnRows.TryBuildFromSaved"/>) or, without one or when it cannot be used, builds it on all cores.
    /// Null when the saved graph was used or none was asked for; otherwise why it was not.
    /// </summary>
    /// <param name="ids">The product id of each slot (to match saved products).</param>
    /// <exception cref="MemoryBudgetExceededException">The graph does not fit; nothing is built or reserved.</exception>
    public string? BuildAnn(string? savedPath, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        if (Ann is not { IsBuilt: false } ann) return null;
        var bytes = Math.Max(0, RowCount - _graphReservedRows) * ann.BytesPerRow;
        if (bytes > 0) _budget.Reserve(bytes);
        _graphReservedRows = Math.Max(_graphReservedRows, RowCount);
        var unused = savedPath is null ? null : ann.TryBuildFromSaved(savedPath, this, ids, cancellationToken);
        if (!ann.IsBuilt) ann.Build(this, cancellationToken);
        return unused;
    }

    public void ReleaseMemory()
    {
        _budget.Release(ReservedBytes);
        Ann?.Dispose();
        _reservedBlocks = 0;
        _graphReservedRows = 0;
    }

    /// <summary>Replaces product <paramref name="product"/>'s rows with <paramref name="vectors"/> (photo order).</summary>
    public void SetRows(int product, IReadOnlyList<SpaceVector> vectors)
    {
        if (vectors.Count == 1)
        {
            SetRows(product, vectors[0].Values);
            return;
        }
        var values = new float[vectors.Count * Dimension];
        for (var i = 0; i < vectors.Count; i++) vectors[i].Values.CopyTo(values.AsSpan(i * Dimension, Dimension));
        SetRows(product, values);
    }

    /// <summary>Replaces product <paramref name="product"/>'s rows with the rows of <paramref name="values"/> (whole rows, photo order).</summary>
    public void SetRows(int product, ReadOnlySpan<float> values)
    {
        // The graph's reservation is settled after the new rows are in: released in between, it might not be
        // reserved again when another shard took it meanwhile.
        DropRows(product);
        var count = values.Length / Dimension;
        if (count == 0)
        {
            ReleaseGraphSurplus();
            return;
        }
        EnsureRows(RowCount + count);
        EnsureProducts(product + 1);
        var rows = new int[count];
        for (var i = 0; i < count; i++)
        {
            var row = RowCount++;
            rows[i] = row;
            _productOfRow[row] = product;
            var target = Vectors.Row(row);
            values.Slice(i * Dimension, Dimension).CopyTo(target);
            Codes?.Encode(row, target, Vectors, RowCount);
        }
        _rowsOfProduct[product] = rows;
        ProductsWithRows++;
        Ann?.AddRows(product, values, Dimension);
        ReleaseGraphSurplus();
    }

    /// <summary>Removes every row of <paramref name="product"/>.</summary>
    public void RemoveRows(int product)
    {
        DropRows(product);
        ReleaseGraphSurplus();
    }

    private void DropRows(int product)
    {
        if (product >= _rowsOfProduct.Length || _rowsOfProduct[product] is not { Length: > 0 } rows) return;
        Ann?.RemoveRows(product);
        // Highest row first: filling a hole with the last row never moves a row of this product into a hole
        // that is still to be removed.
        foreach (var row in rows.OrderDescending()) RemoveRow(row);
        _rowsOfProduct[product] = NoRows;
        ProductsWithRows--;
        TrimToRows();
    }

    /// <summary>The product in slot <paramref name="from"/> now lives in slot <paramref name="to"/> (which held nothing here).</summary>
    public void MoveProduct(int from, int to)
    {
        if (from == to) return;
        Ann?.MoveProduct(from, to);
        var rows = RowsOf(from).ToArray();
        EnsureProducts(Math.Max(from, to) + 1);
        foreach (var row in rows) _productOfRow[row] = to;
        _rowsOfProduct[to] = rows.Length == 0 ? NoRows : rows;
        _rowsOfProduct[from] = NoRows;
    }

    private void RemoveRow(int row)
    {
        var last = --RowCount;
        if (row != last)
        {
            Vectors.Row(last).CopyTo(Vectors.Row(row));
            if (Codes is { } codes) codes.Row(last).CopyTo(codes.Row(row));
            var moved = _productOfRow[last];
            _productOfRow[row] = moved;
            var movedRows = _rowsOfProduct[moved];
            movedRows[Array.IndexOf(movedRows, last)] = row;
        }
        Vectors.Row(last).Clear();
    }

    private void TrimToRows()
    {
        Vectors.TrimToRows(RowCount);
        Codes?.TrimToRows(RowCount);
        var kept = Vectors.BlockCount;
        if (kept < _reservedBlocks)
        {
            _budget.Release((_reservedBlocks - kept) * _bytesPerBlock);
            _reservedBlocks = kept;
        }
    }

    private void EnsureRows(int rows)
    {
        var bytes = BytesToReserve(rows);
        if (bytes > 0) _budget.Reserve(bytes);
        AcceptReservation(rows);
        Vectors.EnsureRows(rows);
        Codes?.EnsureRows(rows);
        if (rows > _productOfRow.Length) Array.Resize(ref _productOfRow, Math.Max(rows, Math.Max(16, _productOfRow.Length + _productOfRow.Length / 2)));
    }

    private void EnsureProducts(int products)
    {
        if (products > _rowsOfProduct.Length) Array.Resize(ref _rowsOfProduct, Math.Max(products, Math.Max(16, _rowsOfProduct.Length + _rowsOfProduct.Length / 2)));
    }

    /// <summary>
    /// Gives back the graph reservation of rows no longer held. USearch keeps a removed node's memory for the next add
    /// (its slot is reused), so the graph's memory tracks the rows it holds, not every row it ever held.
    /// </summary>
    private void ReleaseGraphSurplus()
    {
        if (_graphReservedRows <= RowCount) return;
        _budget.Release((_graphReservedRows - RowCount) * (Ann?.BytesPerRow ?? 0));
        _graphReservedRows = RowCount;
    }

    /// <summary>Rows the graph will hold when the space holds <paramref name="rows"/>: none until it is built.</summary>
    private long GraphRowsFor(long rows) => Ann is { IsBuilt: true } ? rows : 0;

    private static int BlocksFor(long rows) => (int)((rows + VectorColumn.BlockRows - 1) / VectorColumn.BlockRows);
}
