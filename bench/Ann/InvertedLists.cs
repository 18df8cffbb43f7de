using System.Numerics.Tensors;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Bench.Ann;

/// <summary>
/// An inverted-file index (IVF) over the shard's own int8 codes and kernel, built only to decide between it and the
/// USearch graph by measurement: spherical k-means centroids, every row stored in its nearest centroid's list (the
/// lists laid out one after another in one float32 column and its <see cref="Int8Column"/>), and a search that scores
/// the centroids, scans the <c>nprobe</c> best lists with <see cref="Int8Kernel"/>, and rescores the best
/// <c>rescore</c> candidates in float32, as the shard's scan does.
/// </summary>
internal sealed class InvertedLists
{
    private readonly int _dim;
    private readonly float[] _centroids;
    private readonly int[] _listStart;
    private readonly VectorColumn _vectors;
    private readonly Int8Column _codes;
    private readonly string[] _ids;

    private InvertedLists(int dim, float[] centroids, int[] listStart, VectorColumn vectors, Int8Column codes, string[] ids)
    {
        (_dim, _centroids, _listStart, _vectors, _codes, _ids) = (dim, centroids, listStart, vectors, codes, ids);
    }

    public int Lists => _listStart.Length - 1;

    /// <summary>The rows of the largest list, a bound on the work of one probe.</summary>
    public int LargestList => Enumerable.Range(0, Lists).Max(l => _listStart[l + 1] - _listStart[l]);

    public long CodeBytes => _codes.AllocatedBytes;

    /// <summary>
    /// Trains <paramref name="lists"/> centroids on <paramref name="sample"/> rows (seeded), assigns every row of
    /// <paramref name="rows"/> (row-major, unit length) to its nearest one, and lays the lists out.
    /// </summary>
    public static InvertedLists Build(float[] rows, int dim, int lists, int sample, int iterations, int seed, Action<string> log)
    {
        var count = rows.Length / dim;
        var random = new Random(seed);
        var trainRows = Enumerable.Range(0, count).OrderBy(_ => random.Next()).Take(Math.Min(sample, count)).ToArray();
        var centroids = new float[lists * dim];
        for (var c = 0; c < lists; c++) rows.AsSpan(trainRows[c] * dim, dim).CopyTo(centroids.AsSpan(c * dim, dim));
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var assigned = Nearest(rows, trainRows, centroids, dim, lists);
            var sums = new double[lists * dim];
            var sizes = new int[lists];
            for (var i = 0; i < trainRows.Length; i++)
            {
                var c = assigned[i];
                sizes[c]++;
                var row = rows.AsSpan(trainRows[i] * dim, dim);
                for (var d = 0; d < dim; d++) sums[c * dim + d] += row[d];
            }
            var empty = 0;
            for (var c = 0; c < lists; c++)
            {
                var centroid = centroids.AsSpan(c * dim, dim);
                if (sizes[c] == 0)
                {
                    empty++;
                    rows.AsSpan(trainRows[random.Next(trainRows.Length)] * dim, dim).CopyTo(centroid);
                    continue;
                }
                for (var d = 0; d < dim; d++) centroid[d] = (float)sums[c * dim + d];
                var norm = TensorPrimitives.Norm(centroid);
                if (norm > 0) TensorPrimitives.Divide(centroid, norm, centroid);
            }
            log($"k-means iteration {iteration + 1}/{iterations}: {empty} empty lists reseeded");
        }

        var all = Nearest(rows, [.. Enumerable.Range(0, count)], centroids, dim, lists);
        var order = Enumerable.Range(0, count).OrderBy(r => all[r]).ToArray();
        var listStart = new int[lists + 1];
        foreach (var c in all) listStart[c + 1]++;
        for (var c = 0; c < lists; c++) listStart[c + 1] += listStart[c];

        var vectors = new VectorColumn("v", dim);
        vectors.EnsureRows(count);
        var ids = new string[count];
        for (var slot = 0; slot < count; slot++)
        {
            rows.AsSpan(order[slot] * dim, dim).CopyTo(vectors.Row(slot));
            ids[slot] = $"p{order[slot]}";
        }
        var codes = new Int8Column(dim);
        codes.EnsureRows(count);
        codes.Encode(0, vectors.Row(0), vectors, count); // the first encode calibrates and encodes every row
        return new InvertedLists(dim, centroids, listStart, vectors, codes, ids);
    }

    /// <summary>The ids of the best <paramref name="k"/> rows found in the <paramref name="probes"/> nearest lists.</summary>
    public string[] Search(float[] query, int probes, int k, int rescore)
    {
        var negatedScores = new float[Lists]; // negated, so the ascending sort puts the nearest list first
        for (var c = 0; c < Lists; c++) negatedScores[c] = -TensorPrimitives.Dot(query, _centroids.AsSpan(c * _dim, _dim));
        var byScore = Enumerable.Range(0, Lists).ToArray();
        Array.Sort(negatedScores, byScore);

        var (codeQuery, scale, offset) = _codes.PrepareQuery(query);
        var candidates = new TopKCollector(Math.Max(k, rescore));
        var scores = new float[RowBlocks<byte>.BlockRows];
        foreach (var list in byScore.Take(probes))
        {
            for (var slot = _listStart[list]; slot < _listStart[list + 1];)
            {
                var inBlock = Math.Min(_listStart[list + 1] - slot, RowBlocks<byte>.BlockRows - slot % RowBlocks<byte>.BlockRows);
                var block = _codes.Blocks[slot / RowBlocks<byte>.BlockRows].AsSpan(slot % RowBlocks<byte>.BlockRows * _dim, inBlock * _dim);
                scores.AsSpan(0, inBlock).Clear();
                Int8Kernel.AccumulateScores(codeQuery, scale, offset, block, inBlock, scores);
                for (var i = 0; i < inBlock; i++) candidates.Offer(scores[i], slot + i, _ids);
                slot += inBlock;
            }
        }
        var exact = new TopKCollector(k);
        foreach (var candidate in candidates.ToSortedArray())
        {
            exact.Offer(TensorPrimitives.Dot(query, _vectors.Row(candidate.Slot)), candidate.Slot, _ids);
        }
        return [.. exact.ToSortedArray().Select(c => c.Id)];
    }

    /// <summary>For each of <paramref name="which"/> rows, the centroid with the largest dot product (both cores).</summary>
    private static int[] Nearest(float[] rows, int[] which, float[] centroids, int dim, int lists)
    {
        var nearest = new int[which.Length];
        Parallel.For(0, which.Length, i =>
        {
            var row = rows.AsSpan(which[i] * dim, dim);
            var (best, bestScore) = (0, float.NegativeInfinity);
            for (var c = 0; c < lists; c++)
            {
                var score = TensorPrimitives.Dot(row, centroids.AsSpan(c * dim, dim));
                if (score > bestScore) (best, bestScore) = (c, score);
            }
            nearest[i] = best;
        });
        return nearest;
    }
}
