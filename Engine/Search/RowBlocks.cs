using System.Runtime.CompilerServices;

namespace UmsOrleans.Engine.Search;

/// <summary>
/// Rows of <see cref="Dimension"/> values stored one after another in fixed blocks of <see cref="BlockRows"/>
/// rows: no 2 GB array limit and no full copy on growth, while each block is scanned as contiguous memory. The
/// float32 vectors of a space and their int8 codes use the same blocks, so slot i is at the same place in both.
/// </summary>
internal abstract class RowBlocks<T>(int dimension) where T : unmanaged
{
    /// <summary>
    /// Rows per block. A shard's last block is on average half empty, so the block size bounds the memory held
    /// above the raw vectors: 512 rows keeps a shard of 1,375 products (5,502 over 4 shards) at 1.12 × raw where
    /// 2,048 rows held 1.49 ×. Smaller blocks cost the scan nothing measurable (one block is 1 MB at 512-d).
    /// </summary>
    public const int BlockRows = 512;

    private readonly List<T[]> _blocks = [];

    public int Dimension { get; } = dimension;

    public int BlockCount => _blocks.Count;

    public IReadOnlyList<T[]> Blocks => _blocks;

    public static long BytesPerBlock(int dimension) => (long)BlockRows * dimension * Unsafe.SizeOf<T>();

    public long AllocatedBytes => _blocks.Count * BytesPerBlock(Dimension);

    public void EnsureRows(int rows)
    {
        while ((long)_blocks.Count * BlockRows < rows) _blocks.Add(new T[BlockRows * Dimension]);
    }

    /// <summary>Releases trailing blocks that hold no live row, keeping one spare so a delete-insert cycle does not reallocate.</summary>
    public void TrimToRows(int rows)
    {
        var needed = (rows + BlockRows - 1) / BlockRows;
        if (_blocks.Count > needed + 1) _blocks.RemoveRange(needed + 1, _blocks.Count - needed - 1);
    }

    public Span<T> Row(int slot) => _blocks[slot / BlockRows].AsSpan(slot % BlockRows * Dimension, Dimension);

    /// <summary>The first <paramref name="rows"/> rows of block <paramref name="block"/>, contiguous.</summary>
    public ReadOnlySpan<T> BlockRowsSpan(int block, int rows) => _blocks[block].AsSpan(0, rows * Dimension);
}
