using UmsOrleans.Engine.Search;

namespace UmsOrleans.Tests.Search.Performance;

public class Int8KernelTests
{
    [Fact]
    public void Dot_equals_the_exact_integer_sum_at_every_length_from_0_to_256()
    {
        var random = new Random(31);
        for (var length = 0; length <= 256; length++)
        {
            var limit = Int8Kernel.QueryLimit(length);
            var codes = Enumerable.Range(0, length).Select(_ => (byte)random.Next(256)).ToArray();
            var query = Enumerable.Range(0, length).Select(_ => (short)random.Next(-limit, limit + 1)).ToArray();
            long expected = 0;
            for (var i = 0; i < length; i++) expected += codes[i] * query[i];

            Assert.Equal(expected, Int8Kernel.Dot(codes, query));
        }
    }

    [Theory]
    [InlineData(512)]
    [InlineData(768)]
    [InlineData(8192)] // the largest dimension a collection may have
    public void The_query_limit_keeps_the_worst_case_sum_inside_int32(int dim)
    {
        var limit = (short)Int8Kernel.QueryLimit(dim);
        var codes = Enumerable.Repeat((byte)255, dim).ToArray();

        Assert.Equal(255L * limit * dim, Int8Kernel.Dot(codes, Enumerable.Repeat(limit, dim).ToArray()));
        Assert.Equal(-255L * limit * dim, Int8Kernel.Dot(codes, Enumerable.Repeat((short)-limit, dim).ToArray()));
    }

    [Fact]
    public void AccumulateScores_adds_offset_plus_scaled_dot_for_each_row()
    {
        var random = new Random(4);
        const int dim = 37, rows = 11;
        var codes = Enumerable.Range(0, dim * rows).Select(_ => (byte)random.Next(256)).ToArray();
        var query = Enumerable.Range(0, dim).Select(_ => (short)random.Next(-1000, 1000)).ToArray();
        var scores = Enumerable.Range(0, rows).Select(i => (float)i).ToArray();

        Int8Kernel.AccumulateScores(query, 0.5f, 2f, codes, rows, scores);

        for (var i = 0; i < rows; i++)
        {
            var expected = i + 2f + 0.5f * Int8Kernel.Dot(codes.AsSpan(i * dim, dim), query);
            Assert.Equal(expected, scores[i], 1e-3);
        }
    }
}
