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

    [Fact]
    public void Dot_matches_a_scalar_reference_for_rows_at_every_offset_of_a_block()
    {
        // The fused scan slices rows out of a block: rows start at any float offset, not on a vector boundary,
        // and the masked tail re-loads the row's last full vector, which must stay inside the row.
        var random = new Random(23);
        foreach (var dimension in new[] { 1, 7, 8, 15, 33, 100, 391, 512 })
        {
            const int rows = 5;
            var query = RandomVectors.Raw(random, dimension);
            var block = RandomVectors.Raw(random, rows * dimension);
            for (var row = 0; row < rows; row++)
            {
                var slice = block.AsSpan(row * dimension, dimension);
                var expected = RandomVectors.NaiveDot(query, slice);
                Assert.True(Math.Abs(DotKernel.Dot(query, slice) - expected) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"dimension {dimension}, row {row}");
            }
        }
    }

    [Fact]
    public void The_tail_counts_each_value_once()
    {
        // Ones everywhere: any lane counted twice by the re-loaded last vector shows up as a whole number too many.
        for (var length = 0; length <= 256; length++)
        {
            var ones = Enumerable.Repeat(1f, length).ToArray();
            Assert.Equal(length, DotKernel.Dot(ones, ones));
        }
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => DotKernel.Dot(new float[3], new float[4]));
    }
}
