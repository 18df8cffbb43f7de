using UmsOrleans.Engine.Search;

namespace UmsOrleans.Bench.Micro.Baselines;

/// <summary>
/// A copy of float32 rows laid out as a shard column lays them out (contiguous blocks of
/// <see cref="VectorColumn.BlockRows"/> rows), for the baselines that scan blocks directly: the index keeps its
/// own blocks private.
/// </summary>
internal sealed class BlockCopy(int dimension)
{
    private readonly VectorColumn _column = new("copy", dimension);

    public int Dimension => dimension;

    public int Rows { get; private set; }

    public IReadOnlyList<float[]> Blocks => _column.Blocks;

    public void Add(ReadOnlySpan<float> row)
    {
        _column.EnsureRows(Rows + 1);
        row.CopyTo(_column.Row(Rows++));
    }
}
