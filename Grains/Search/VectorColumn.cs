namespace UmsOrleans.Search;

/// <summary>
/// The vectors of one space in a shard, stored row after row in fixed-size blocks. Blocks avoid one huge
/// array (no 2 GB element limit, no full copy on growth) while each block is scanned as contiguous memory.
/// A product without a vector in this space has a zero row, which scores 0.
/// </summary>
internal sealed class VectorColumn(string name, int dimension)
{
    /// <summary>
    /// Rows per block. A shard's last block is on average half empty, so the block size bounds the memory held
    /// above the raw vectors: 512 rows keeps a shard of 1,375 products (5,502 over 4 shards) at 1.12 × raw where
    /// 2,048 rows held 1.49 ×. Smaller blocks cost the scan nothing measurable (one block is 1 MB at 512-d).
    /// </summary>
    public const int BlockRows = 512;

    private readonly List<float[]> _blocks = [];

    public string Name { get; } = name;

    public int Dimension { get; } = dimension;

    /// <summary>How many products have a vector in this space.</summary>
    public int PresentCount { get; set; }

    public int BlockCount => _blocks.Count;

    public IReadOnlyList<float[]> Blocks => _blocks;

    public long AllocatedBytes => (long)_blocks.Count * BlockRows * Dimension * sizeof(float);

    public void EnsureRows(int rows)
    {
        while ((long)_blocks.Count * BlockRows < rows)
        {
            _blocks.Add(new float[BlockRows * Dimension]);
        }
    }

    /// <summary>Releases trailing blocks that hold no live row.</summary>
    public void TrimToRows(int rows)
    {
        var needed = (rows + BlockRows - 1) / BlockRows;
        if (_blocks.Count > needed + 1) _blocks.RemoveRange(needed + 1, _blocks.Count - needed - 1);
    }

    public Span<float> Row(int slot) => _blocks[slot / BlockRows].AsSpan(slot % BlockRows * Dimension, Dimension);

    /// <summary>The first <paramref name="rows"/> rows of block <paramref name="block"/>, contiguous.</summary>
    public ReadOnlySpan<float> BlockRowsSpan(int block, int rows) => _blocks[block].AsSpan(0, rows * Dimension);
}
