using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Search;

public class DotKernelTests
{
    // float32 accumulation in a different order than the double reference: allow a relative error.
    private const double Tolerance = 1e-4;

    [Fact]
    public void Dot_matches_a_scalar_reference_at_every_length_from_0_to_256()
    {
        var random = new Random(17);
        for (var length = 0; length <= 256; length++)
        {
            var a = RandomVectors.Raw(random, length);
            var b = RandomVectors.Raw(random, length);
            var expected = RandomVectors.NaiveDot(a, b);
            Assert.True(Math.Abs(DotKernel.Dot(a, b) - expected) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"length {length}");
        }
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(3, 33)]
    [InlineData(17, 100)]
    [InlineData(64, 512)]
    [InlineData(5, 768)]
    [InlineData(129, 13)]
    public void AccumulateScores_adds_weighted_dots_of_every_row(int rows, int dimension)
    {
        var random = new Random(rows * 1000 + dimension);
        var query = RandomVectors.Raw(random, dimension);
        var matrix = RandomVectors.Raw(random, rows * dimension);
        var scores = RandomVectors.Raw(random, rows);
        var expected = scores.Select((s, i) => s + 0.5 * RandomVectors.NaiveDot(query, matrix.AsSpan(i * dimension, dimension))).ToArray();

        DotKernel.AccumulateScores(query, matrix, rows, 0.5f, scores);

        for (var i = 0; i < rows; i++) Assert.Equal(expected[i], scores[i], Tolerance * Math.Max(1, Math.Abs(expected[i])));
    }

    [Fact]
    public void AccumulateScores4_equals_four_single_query_passes_at_every_length_from_0_to_256()
    {
        var random = new Random(5);
        for (var dimension = 0; dimension <= 256; dimension++)
        {
            const int rows = 3;
            var queries = Enumerable.Range(0, 4).Select(_ => RandomVectors.Raw(random, dimension)).ToArray();
            var weights = new[] { 1f, -2f, 0.25f, 3f };
            var matrix = RandomVectors.Raw(random, rows * dimension);
            var batched = Enumerable.Range(0, 4).Select(_ => new float[rows]).ToArray();

            DotKernel.AccumulateScores4(queries[0], queries[1], queries[2], queries[3], matrix, rows, weights,
                batched[0], batched[1], batched[2], batched[3]);

            for (var q = 0; q < 4; q++)
            {
                for (var r = 0; r < rows; r++)
                {
                    var expected = weights[q] * RandomVectors.NaiveDot(queries[q], matrix.AsSpan(r * dimension, dimension));
                    Assert.True(Math.Abs(batched[q][r] - expected) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"dimension {dimension}, query {q}, row {r}");
                }
            }
        }
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => DotKernel.Dot(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => DotKernel.AccumulateScores(new float[4], new float[7], 2, 1f, new float[2]));
    }
}
