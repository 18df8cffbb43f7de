namespace UmsOrleans.Grains.Cluster;

/// <summary>
/// Splits a batch into chunks of at most <c>maxBytes</c> (estimated), so no grain message comes near
/// Orleans's message size limit, where an oversize message tears the connection down.
/// An item larger than the limit travels alone.
/// </summary>
public static class WireChunker
{
    public static IEnumerable<List<T>> Chunk<T>(IEnumerable<T> items, Func<T, int> sizeOf, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        var chunk = new List<T>();
        var bytes = 0;
        foreach (var item in items)
        {
            var size = sizeOf(item);
            if (chunk.Count > 0 && bytes + size > maxBytes)
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }
            chunk.Add(item);
            bytes += size;
        }
        if (chunk.Count > 0) yield return chunk;
    }
}
