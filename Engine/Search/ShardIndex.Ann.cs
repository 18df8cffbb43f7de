using UmsOrleans.Engine.Catalog;
using System.Numerics;

namespace UmsOrleans.Engine.Search;

public sealed partial class ShardIndex
{
    /// <summary>
    /// A filter keeping less than this share of the products is answered by the exact scan of those products: the
    /// fused scan skips other products' rows before their dot product, so it costs about this share of a full scan,
    /// while a filtered graph traversal wanders through ever more refused nodes as the share falls.
    /// </summary>
    public const double AnnExactBelowShare = 0.05;

    /// <summary>Rows asked of the graph per wanted product and photo: headroom for near-duplicate photos and refused keys.</summary>
    private const int AnnOversample = 2;

    /// <summary>Rounds of doubling the rows asked before the exact scan answers instead.</summary>
    private const int AnnRetries = 3;

    /// <summary>Whether some raw space has an HNSW graph (built or not): a collection of type hnsw.</summary>
    public bool HasAnnSpaces => _spaces.Take(_rawSpaces).Any(s => s.Ann is not null);

    /// <summary>Whether one-space searches go through HNSW graphs (built: <see cref="BuildAnn(CancellationToken)"/> has run).</summary>
    public bool HasAnn => _spaces.Take(_rawSpaces).Any(s => s.Ann is { IsBuilt: true });

    /// <summary>
    /// Builds the HNSW graph of every raw space that has one (a collection of type hnsw) from the rows loaded so far,
    /// on all cores; from then on writes keep the graphs current and one-space searches use them. Nothing for flat.
    /// Each graph's nodes are reserved from the memory budget before it is built, and later writes reserve for the
    /// nodes they add (<see cref="ReserveFor"/>).
    /// </summary>
    /// <exception cref="MemoryBudgetExceededException">A graph does not fit; it is neither built nor reserved.</exception>
    public void BuildAnn(CancellationToken cancellationToken = default) => BuildAnn(null, cancellationToken);

    /// <summary>
    /// <see cref="BuildAnn(CancellationToken)"/>, starting each graph from the one saved under
    /// <paramref name="savedDirectory"/> by <see cref="SaveAnn"/> when there is one: reconciled with the rows loaded now
    /// (products gone or changed since leave the graph, new or changed ones are added), so a stale file costs time,
    /// never answers. A file that cannot be read or does not match is left alone and the graph is rebuilt.
    /// </summary>
    /// <returns>What each graph started from (for the shard's log line).</returns>
    public IReadOnlyList<AnnStart> BuildAnn(string? savedDirectory, CancellationToken cancellationToken = default)
    {
        var starts = new List<AnnStart>();
        foreach (var space in RawSpaces)
        {
            if (space.Ann is not { IsBuilt: false } ann) continue;
            var path = savedDirectory is null ? null : AnnFilePath(savedDirectory, space, ann.Spec);
            var unused = space.BuildAnn(path, _ids, cancellationToken);
            var fromSaved = path is not null && unused is null;
            var (adopted, added, dropped) = fromSaved ? ann.Reconciled : (0, space.ProductsWithRows, 0);
            starts.Add(new AnnStart(space.Name, fromSaved, unused, adopted, added, dropped));
        }
        return starts;
    }

    /// <summary>Saves every built graph with its key map under <paramref name="directory"/>, for <see cref="BuildAnn(string?, CancellationToken)"/>.</summary>
    public void SaveAnn(string directory)
    {
        foreach (var space in RawSpaces)
        {
            if (space.Ann is { IsBuilt: true } ann) ann.Save(AnnFilePath(directory, space, ann.Spec), space, _ids);
        }
    }

    /// <summary>
    /// One file pair per space and graph settings: a graph built with other settings is never reused (float16 graphs keep the
    /// name they had before the precision could be chosen).
    /// </summary>
    private static string AnnFilePath(string directory, SpaceRows space, AnnIndexSpec spec) =>
        Path.Combine(directory, $"{space.Name}-d{space.Dimension}-m{spec.M}-efc{spec.EfConstruction}{(spec.Precision == AnnPrecision.F16 ? "" : "-" + spec.Precision.Name())}");

    /// <summary>
    /// Whether <paramref name="query"/> goes through a graph (no adapter, one vector of positive weight on a space with a built graph):
    /// such queries gain nothing from sharing a pass with others (see <see cref="QueryBatcher{TQuery, TResult}"/>).
    /// </summary>
    public bool SearchesGraph(ShardQuery query) =>
        _count > 0 && query.Adapter is null && query.Vectors.Length == 1 && query.Vectors[0].Weight > 0
        && _spaceByName.TryGetValue(query.Vectors[0].Space, out var space) && _spaces[space].Ann is { IsBuilt: true };

    /// <summary>
    /// The best products of a one-space query through the space's graph. The graph is asked for rows (k × photos per
    /// product × an oversample), the rows are grouped to their products, and each product is scored exactly (its best
    /// row, float32, as the scan would), so MinScore and ties behave as in the scan. A filter or an exclusion is
    /// applied inside the traversal (the graph never returns a refused product); a filter keeping few products goes
    /// to the exact scan. When the graph yields fewer than k products of many more, the ask doubles; after
    /// <see cref="AnnRetries"/> rounds the exact scan answers. Null: answer with the exact scan.
    /// </summary>
    private RankedCandidate[]? SearchAnn(ShardQuery query, SpaceRows space, ulong[]? mask)
    {
        var vector = query.Vectors[0];
        if (mask is not null && CountSet(mask) < AnnExactBelowShare * _count) return null;
        var k = Math.Min(query.K, _count);
        var rowsPerProduct = (space.RowCount + space.ProductsWithRows - 1) / Math.Max(1, space.ProductsWithRows);
        var want = (int)Math.Min(space.RowCount, (long)k * rowsPerProduct * AnnOversample);
        // Runs inside the native traversal, where an exception would end the process: it must not throw.
        Func<ulong, bool>? keep = mask is null ? null : key => space.Ann!.ProductOf(key) is var p && p >= 0 && IsSet(mask, p);
        for (var round = 0; round <= AnnRetries && want > 0; round++)
        {
            var keys = new ulong[want];
            var distances = new float[want];
            var found = space.Ann!.Search(vector.Values, query.Ef, keys, distances, keep);
            var collector = NewCollector(query);
            var seen = new HashSet<int>();
            for (var i = 0; i < found; i++)
            {
                var product = space.Ann.ProductOf(keys[i]);
                if (product >= 0 && seen.Add(product)) collector.Offer(BestRowScore(vector, space, product), product, _ids);
            }
            // Fewer rows than asked with no filter: the graph holds no more.
            if (seen.Count >= k || (mask is null && found < want)) return collector.ToSortedArray();
            if (want == space.RowCount) break;
            want = (int)Math.Min(space.RowCount, 2L * want);
        }
        return null;
    }

    private static float BestRowScore(QueryVector vector, SpaceRows space, int product)
    {
        var best = float.NegativeInfinity;
        foreach (var row in space.RowsOf(product)) best = Math.Max(best, vector.Weight * DotKernel.Dot(vector.Values, space.Vectors.Row(row)));
        return best;
    }

    private static int CountSet(ulong[] mask)
    {
        var count = 0;
        foreach (var word in mask) count += BitOperations.PopCount(word);
        return count;
    }
}
