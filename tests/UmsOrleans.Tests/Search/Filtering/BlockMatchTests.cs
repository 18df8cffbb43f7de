using UmsOrleans.Engine.Search.Filtering;

namespace UmsOrleans.Tests.Search.Filtering;

/// <summary>The vector block tests against the one-value-at-a-time reference, on blocks full of boundary values.</summary>
public class BlockMatchTests
{
    [Fact]
    public void Vector_equality_and_ranges_equal_the_scalar_reference()
    {
        var random = new Random(61);
        double[] boundaries = [-1, 0, 1, 2.5, 3];
        for (var round = 0; round < 200; round++)
        {
            var codes = Enumerable.Range(0, BlockMatch.BlockLength).Select(_ => random.Next(4)).ToArray();
            var numbers = Enumerable.Range(0, BlockMatch.BlockLength).Select(_ => boundaries[random.Next(boundaries.Length)]).ToArray();
            var code = random.Next(4);
            var range = new RangePredicate(boundaries[random.Next(5)], random.Next(2) == 0, boundaries[random.Next(5)], random.Next(2) == 0);

            Assert.Equal(Reference(codes, c => c == code), BlockMatch.Equal<int>(codes, code));
            Assert.Equal(Reference(numbers, n => n == numbers[7]), BlockMatch.Equal<double>(numbers, numbers[7]));
            Assert.Equal(Reference(numbers, range.Matches), BlockMatch.Within(numbers, range));
        }
    }

    private static ulong Reference<T>(T[] block, Func<T, bool> matches)
    {
        var bits = 0UL;
        for (var j = 0; j < block.Length; j++)
        {
            if (matches(block[j])) bits |= 1UL << j;
        }
        return bits;
    }
}
