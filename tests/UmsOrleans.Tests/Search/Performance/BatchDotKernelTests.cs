using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Search.Performance;

public class BatchDotKernelTests
{
    // float32 accumulation in another order than the double reference.
    private const double Tolerance = 1e-4;

    [Fact]
    public void Matches_a_scalar_reference_at_every_dimension_from_0_to_256()
    {
        var random = new Random(21);
        for (var dim = 0; dim <= 256; dim++) AssertMatchesReference(random, dim, queryCount: 5, rows: 7);
    }

    [Fact]
    public void Wide_panels_match_a_scalar_reference_at_every_dimension_from_0_to_80()
    {
        // Two whole panels of QueryPanels.Width queries plus a few left for the narrow kernel; 13 rows = two
        // 6-row steps and one row through the one-row form.
        var random = new Random(22);
        for (var dim = 0; dim <= 80; dim++) AssertMatchesReference(random, dim, queryCount: 2 * QueryPanels.Width + 3, rows: 13);
    }

    [Theory]
    [InlineData(1, 1, 512)]
    [InlineData(4, 3, 512)]
    [InlineData(9, 100, 768)]
    [InlineData(13, 301, 391)] // rows span several tiles and end off the 3-row step; queries off the 4-query step
    [InlineData(32, 2048, 64)]
    [InlineData(40, 700, 391)] // wide panels over many tiles, tiles ending off the 6-row step
    [InlineData(256, 50, 512)]
    public void Matches_a_scalar_reference_for_batches_tiles_and_remainders(int queryCount, int rows, int dim) =>
        AssertMatchesReference(new Random(queryCount * 7 + rows + dim), dim, queryCount, rows);

    [Fact]
    public void Refuses_a_score_row_outside_the_buffer()
    {
        var scores = new float[2 * 4];
        Assert.Throws<ArgumentException>(() => BatchDotKernel.AccumulateScores(new float[3], 3, [1f], [2], new float[3], 1, scores, 4));
    }

    private static void AssertMatchesReference(Random random, int dim, int queryCount, int rows)
    {
        var queries = RandomVectors.Raw(random, queryCount * dim);
        var matrix = RandomVectors.Raw(random, rows * dim);
        var weights = RandomVectors.Raw(random, queryCount);
        // Queries write to score rows in reverse order, into a buffer with a spare row, over non-zero scores.
        var scoreRows = Enumerable.Range(0, queryCount).Select(q => queryCount - q).ToArray();
        var stride = rows + 3;
        var scores = RandomVectors.Raw(random, (queryCount + 1) * stride);
        var expected = scores.Select(s => (double)s).ToArray();
        for (var q = 0; q < queryCount; q++)
        {
            for (var i = 0; i < rows; i++)
            {
                expected[scoreRows[q] * stride + i] += weights[q] * RandomVectors.NaiveDot(queries.AsSpan(q * dim, dim), matrix.AsSpan(i * dim, dim));
            }
        }

        BatchDotKernel.AccumulateScores(queries, dim, weights, scoreRows, matrix, rows, scores, stride);

        for (var i = 0; i < scores.Length; i++)
        {
            Assert.True(Math.Abs(scores[i] - expected[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i])), $"dim {dim}, cell {i}: {scores[i]} vs {expected[i]}");
        }
    }
}
