namespace UmsOrleans.Engine.Search;

/// <summary>
/// The float32 vectors of one space in a shard, in <see cref="RowBlocks{T}"/>. A product without a vector in
/// this space has a zero row, which scores 0.
/// </summary>
internal sealed class VectorColumn(string name, int dimension) : RowBlocks<float>(dimension)
{
    public string Name { get; } = name;

    /// <summary>How many products have a vector in this space.</summary>
    public int PresentCount { get; set; }
}
