using System.Buffers;
using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using UmsOrleans.Engine.Search.Filtering;

namespace UmsOrleans.Engine.Search;

public sealed partial class ShardIndex
{
    /// <summary>
    /// Floats of per-product score buffers one pass of multi-space queries may hold (two buffers per query):
    /// 32 MB each, so 1M products take 8 queries per pass.
    /// </summary>
    private const int ProductScoreFloats = 8 << 20;

    private delegate void TileConsumer(int query, ReadOnlySpan<float> scores, int firstRow);

    public RankedCandidate[] Search(ShardQuery query, CancellationToken cancellationToken = default) => SearchBatch([query], cancellationToken)[0];

    /// <summary>
    /// The best products of each query, best first. Queries on one space (the usual photo or text search) scan that
    /// space's rows and keep each product's best row while they go; queries over several spaces gather each
    /// product's best score per space, then add them up. With int8 quantization a small batch of one-space queries
    /// scans the codes for the best k × oversample products, which are then rescored exactly. In a collection of type
    /// hnsw, one-space queries on a raw space go through its graph instead (<see cref="SearchAnn"/>; several at once on all cores).
    /// A query naming an adapter is first rewritten onto that adapter's projected spaces (<see cref="ThroughAdapter"/>).
    /// A cancelled token stops the scan between tiles (<see cref="OperationCanceledException"/>).
    /// </summary>
    public RankedCandidate[][] SearchBatch(IReadOnlyList<ShardQuery> queries, CancellationToken cancellationToken = default)
    {
        if (queries.Any(q => q.Adapter is not null)) queries = [.. queries.Select(ThroughAdapter)];
        var results = new RankedCandidate[queries.Count][];
        var masks = new ulong[]?[queries.Count];
        var bySpace = new Dictionary<int, List<int>>();
        var multiSpace = new List<int>();
        var throughGraph = new List<int>();
        for (var q = 0; q < queries.Count; q++)
        {
            ValidateQuery(queries[q]);
            results[q] = [];
            if (_count == 0 || !TryMask(queries[q], out masks[q])) continue;
            if (SearchesGraph(queries[q]))
            {
                throughGraph.Add(q);
            }
            else if (queries[q].Vectors.Length == 1)
            {
                AddToSpaceGroup(bySpace, q, queries[q]);
            }
            else if (queries[q].Vectors.Length > 1)
            {
                multiSpace.Add(q);
            }
        }
        var graphAnswers = new RankedCandidate[]?[throughGraph.Count];
        void ThroughGraph(int i) => graphAnswers[i] = SearchAnn(queries[throughGraph[i]], _spaces[_spaceByName[queries[throughGraph[i]].Vectors[0].Space]], masks[throughGraph[i]]);
        // One graph query (every pass of a shard's graph queue) runs on this thread, without Parallel.For's set-up.
        if (throughGraph.Count == 1) ThroughGraph(0);
        else Parallel.For(0, throughGraph.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, ThroughGraph);
        for (var i = 0; i < throughGraph.Count; i++)
        {
            if (graphAnswers[i] is { } answer) results[throughGraph[i]] = answer;
            else AddToSpaceGroup(bySpace, throughGraph[i], queries[throughGraph[i]]);
        }
        foreach (var (space, group) in bySpace) ScanOneSpace(_spaces[space], group, queries, masks, results, cancellationToken);
        foreach (var pass in multiSpace.Chunk(Math.Max(1, ProductScoreFloats / Math.Max(1, _count)))) ScanSpaces(pass, queries, masks, results, cancellationToken);
        for (var q = 0; q < queries.Count; q++) results[q] = WithMatchedPhotos(queries[q], results[q]);
        return results;
    }

    private void AddToSpaceGroup(Dictionary<int, List<int>> bySpace, int q, ShardQuery query)
    {
        var space = _spaceByName[query.Vectors[0].Space];
        if (!bySpace.TryGetValue(space, out var group)) bySpace[space] = group = [];
        group.Add(q);
    }

    private void ScanOneSpace(SpaceRows space, List<int> group, IReadOnlyList<ShardQuery> queries, ulong[]?[] masks, RankedCandidate[][] results, CancellationToken cancellationToken)
    {
        var batch = group.Select(q => queries[q]).ToList();
        if (space.Codes is not null && batch.Count <= Int8MaxBatch)
        {
            var candidates = batch.Select(query => new TopKCollector(Math.Min(Keep(query.K), _count))).ToArray();
            ScoreTiles(space, Int8Plan.Create(space.Vectors, space.Codes!, batch), batch.Count,
                (i, scores, firstRow) => OfferTile(candidates[i], scores, firstRow, space, masks[group[i]]), cancellationToken);
            for (var i = 0; i < batch.Count; i++) results[group[i]] = Rescore(batch[i], candidates[i].ToSortedArray());
            return;
        }
        var collectors = batch.Select(NewCollector).ToArray();
        if (batch.Count == 1)
        {
            ScanFused(space, batch[0].Vectors[0], collectors[0], masks[group[0]], cancellationToken);
        }
        else
        {
            ScoreTiles(space, Fp32Plan.Create(space.Vectors, batch), batch.Count,
                (i, scores, firstRow) => OfferTile(collectors[i], scores, firstRow, space, masks[group[i]]), cancellationToken);
        }
        for (var i = 0; i < batch.Count; i++) results[group[i]] = collectors[i].ToSortedArray();
    }

    private int Keep(int k) => (int)Math.Min((long)k * _quantization.Oversample, int.MaxValue);

    private TopKCollector NewCollector(ShardQuery query) => new(Math.Min(query.K, _count), query.MinScore ?? float.NegativeInfinity);

    /// <summary>
    /// One query, one space: each row's score goes straight to the top-k, with no score buffer pass. Rows of products
    /// the filter drops are skipped before their dot product, so a filter keeping a fraction of the products costs
    /// about that fraction of the scan.
    /// </summary>
    private void ScanFused(SpaceRows space, QueryVector vector, TopKCollector collector, ulong[]? mask, CancellationToken cancellationToken)
    {
        var query = vector.Values;
        var weight = vector.Weight;
        var dim = space.Dimension;
        var threshold = collector.Threshold;
        var products = space.ProductOfRows;
        for (var block = 0; block * VectorColumn.BlockRows < space.RowCount; block++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var firstRow = block * VectorColumn.BlockRows;
            var rows = Math.Min(VectorColumn.BlockRows, space.RowCount - firstRow);
            var data = space.Vectors.BlockRowsSpan(block, rows);
            for (var i = 0; i < rows; i++)
            {
                var product = products[firstRow + i];
                if (mask is not null && !IsSet(mask, product)) continue;
                var score = weight * DotKernel.Dot(query, data.Slice(i * dim, dim));
                if (score < threshold) continue;
                collector.Offer(score, product, _ids);
                threshold = collector.Threshold;
            }
        }
    }

    /// <summary>
    /// Walks the space's blocks in tiles small enough to stay in L2 while every query passes over them, and keeps the
    /// scores of one tile only (queries × tile rows): a whole block's worth at 256 queries is 2 MB, which the
    /// kernel's writes and the consumer's pass would chase through L3.
    /// </summary>
    private static void ScoreTiles(SpaceRows space, ColumnPlan plan, int queryCount, TileConsumer consume, CancellationToken cancellationToken)
    {
        if (!plan.HasQueries || space.RowCount == 0) return;
        var tileRows = BatchDotKernel.TileRows(plan.BytesPerRow);
        var scores = ArrayPool<float>.Shared.Rent(queryCount * tileRows);
        try
        {
            for (var block = 0; block * VectorColumn.BlockRows < space.RowCount; block++)
            {
                var blockStart = block * VectorColumn.BlockRows;
                var rows = Math.Min(VectorColumn.BlockRows, space.RowCount - blockStart);
                for (var start = 0; start < rows; start += tileRows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var count = Math.Min(tileRows, rows - start);
                    scores.AsSpan(0, queryCount * tileRows).Clear();
                    plan.Score(block, start, count, scores, tileRows);
                    for (var q = 0; q < queryCount; q++) consume(q, scores.AsSpan(q * tileRows, count), blockStart + start);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>
    /// Offers a tile's row scores (row <paramref name="firstRow"/> onwards) to the top-k as their products. Once the
    /// heap is full almost no score can enter, so whole vectors of scores below the threshold are skipped with one compare.
    /// </summary>
    private void OfferTile(TopKCollector collector, ReadOnlySpan<float> scores, int firstRow, SpaceRows space, ulong[]? mask)
    {
        var width = Vector<float>.Count;
        ref var first = ref MemoryMarshal.GetReference(scores);
        var products = space.ProductOfRows;
        var threshold = collector.Threshold;
        var i = 0;
        for (; i <= scores.Length - width; i += width)
        {
            if (!Vector.GreaterThanOrEqualAny(Vector.LoadUnsafe(ref first, (nuint)i), new Vector<float>(threshold))) continue;
            for (var j = i; j < i + width; j++) OfferRow(collector, scores[j], products[firstRow + j], mask, ref threshold);
        }
        for (; i < scores.Length; i++) OfferRow(collector, scores[i], products[firstRow + i], mask, ref threshold);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void OfferRow(TopKCollector collector, float score, int product, ulong[]? mask, ref float threshold)
    {
        if (score < threshold || (mask is not null && !IsSet(mask, product))) return;
        collector.Offer(score, product, _ids);
        threshold = collector.Threshold;
    }

    /// <summary>
    /// Queries over several spaces: per space, each product's best (weighted) row score into a buffer, added into
    /// the product's total; a product with no row in any of the query's spaces stays out.
    /// </summary>
    private void ScanSpaces(int[] pass, IReadOnlyList<ShardQuery> queries, ulong[]?[] masks, RankedCandidate[][] results, CancellationToken cancellationToken)
    {
        var totals = pass.Select(_ => RentFilled(_count)).ToArray();
        var best = pass.Select(_ => RentFilled(_count)).ToArray();
        try
        {
            var spaces = pass.SelectMany(q => queries[q].Vectors.Select(v => v.Space)).Distinct(StringComparer.Ordinal).Select(SpaceOf);
            foreach (var space in spaces)
            {
                var users = Enumerable.Range(0, pass.Length).Where(i => queries[pass[i]].FindVector(space.Name) is not null).ToArray();
                foreach (var i in users) best[i].AsSpan(0, _count).Fill(float.NegativeInfinity);
                var batch = users.Select(i => queries[pass[i]]).ToList();
                ScoreTiles(space, Fp32Plan.Create(space.Vectors, batch), batch.Count,
                    (u, scores, firstRow) => KeepBest(best[users[u]], scores, firstRow, space), cancellationToken);
                foreach (var i in users) AddBest(totals[i].AsSpan(0, _count), best[i].AsSpan(0, _count));
            }
            for (var i = 0; i < pass.Length; i++)
            {
                var collector = NewCollector(queries[pass[i]]);
                var mask = masks[pass[i]];
                var total = totals[i];
                for (var product = 0; product < _count; product++)
                {
                    var score = total[product];
                    if (score == float.NegativeInfinity || score < collector.Threshold || (mask is not null && !IsSet(mask, product))) continue;
                    collector.Offer(score, product, _ids);
                }
                results[pass[i]] = collector.ToSortedArray();
            }
        }
        finally
        {
            foreach (var buffer in totals.Concat(best)) ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private static float[] RentFilled(int count)
    {
        var buffer = ArrayPool<float>.Shared.Rent(count);
        buffer.AsSpan(0, count).Fill(float.NegativeInfinity);
        return buffer;
    }

    private static void KeepBest(float[] best, ReadOnlySpan<float> scores, int firstRow, SpaceRows space)
    {
        var products = space.ProductOfRows.Slice(firstRow, scores.Length);
        for (var i = 0; i < scores.Length; i++)
        {
            ref var slot = ref best[products[i]];
            if (scores[i] > slot) slot = scores[i];
        }
    }

    private static void AddBest(Span<float> totals, ReadOnlySpan<float> best)
    {
        for (var product = 0; product < totals.Length; product++)
        {
            if (best[product] == float.NegativeInfinity) continue;
            totals[product] = (totals[product] == float.NegativeInfinity ? 0f : totals[product]) + best[product];
        }
    }

    /// <summary>Exact float32 scores for the products the codes picked; the best k of them, in order.</summary>
    private RankedCandidate[] Rescore(ShardQuery query, RankedCandidate[] candidates)
    {
        if (candidates.Length == 0) return [];
        var exact = new TopKCollector(Math.Min(query.K, candidates.Length), query.MinScore ?? float.NegativeInfinity);
        foreach (var candidate in candidates) exact.Offer(candidate with { Score = ExactScore(query, candidate.Slot) });
        return exact.ToSortedArray();
    }

    /// <summary>Σ over the query's vectors of weight × the product's best cosine in that space (0 without a vector there).</summary>
    private float ExactScore(ShardQuery query, int product)
    {
        var score = 0f;
        foreach (var vector in query.Vectors)
        {
            var space = SpaceOf(vector.Space);
            var best = float.NegativeInfinity;
            foreach (var row in space.RowsOf(product)) best = Math.Max(best, vector.Weight * DotKernel.Dot(vector.Values, space.Vectors.Row(row)));
            if (best != float.NegativeInfinity) score += best;
        }
        return score;
    }

    /// <summary>Names the photo whose vector scored best for each hit, when the query has a photo-space vector.</summary>
    private RankedCandidate[] WithMatchedPhotos(ShardQuery query, RankedCandidate[] candidates)
    {
        if (_photoSpace < 0 || candidates.Length == 0 || PhotoVector(query) is not ({ } vector, { } photos)) return candidates;
        for (var c = 0; c < candidates.Length; c++)
        {
            var rows = photos.RowsOf(candidates[c].Slot);
            var matched = -1;
            var best = float.NegativeInfinity;
            for (var photo = 0; photo < rows.Length; photo++)
            {
                var score = DotKernel.Dot(vector.Values, photos.Vectors.Row(rows[photo]));
                if (score > best) (best, matched) = (score, photo);
            }
            candidates[c] = candidates[c] with { MatchedPhoto = matched };
        }
        return candidates;
    }

    /// <summary>
    /// The products a query may return, as a bitmap over slots (null: all of them); false when none can match.
    /// </summary>
    private bool TryMask(ShardQuery query, out ulong[]? mask) => TryMask(query.Filter, query.Exclude, out mask);

    private bool TryMask(ProductFilter? filter, ImmutableArray<string> exclude, out ulong[]? mask)
    {
        mask = null;
        if (filter is not null && !ReferenceEquals(filter, ProductFilter.MatchAll))
        {
            var matched = filter.Evaluate(_attributes, _count);
            if (matched.Count == 0) return false;
            mask = matched.Words.ToArray();
        }
        foreach (var id in exclude)
        {
            if (!_slotById.TryGetValue(id, out var slot)) continue;
            mask ??= AllProducts();
            mask[slot >> 6] &= ~(1UL << slot);
        }
        return true;
    }

    private ulong[] AllProducts()
    {
        var mask = new ulong[(_count + 63) / 64];
        mask.AsSpan().Fill(ulong.MaxValue);
        return mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSet(ulong[] mask, int product) => (mask[product >> 6] & (1UL << product)) != 0;

    /// <summary>Throws <see cref="ArgumentException"/> when the query does not fit this index (k, spaces, dimensions).</summary>
    public void ValidateQuery(ShardQuery query)
    {
        if (query.K < 1) throw new ArgumentException("k must be at least 1.");
        // The adapter's rewrite is checked without projecting: it maps raw vectors of the right size into its own spaces.
        if (query.Adapter is { } version && !_projections.ContainsKey(version)) throw AdapterNotInUse(version);
        foreach (var vector in query.Vectors)
        {
            var space = SpaceOf(vector.Space);
            if (vector.Data.Length != space.Dimension * sizeof(float))
            {
                throw new ArgumentException($"query vector '{vector.Space}' has {vector.Data.Length / sizeof(float)} dimensions, the space has {space.Dimension}.");
            }
        }
    }
}
