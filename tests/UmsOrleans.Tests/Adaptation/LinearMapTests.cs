using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Adaptation;

public sealed class LinearMapTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(33, 65)]
    public void A_projection_is_the_centred_product_with_the_weights_normalised(int input, int output)
    {
        var random = new Random(input * 100 + output);
        var mean = RandomVectors.Raw(random, input);
        var weights = RandomVectors.Raw(random, input * output);
        var map = new LinearMap("image", input, output, mean, weights);
        var vector = RandomVectors.Raw(random, input);

        var projected = map.Project(vector);

        var expected = new double[output];
        for (var j = 0; j < output; j++)
        {
            for (var i = 0; i < input; i++) expected[j] += (vector[i] - mean[i]) * (double)weights[i * output + j];
        }
        var norm = Math.Sqrt(expected.Sum(v => v * v));
        for (var j = 0; j < output; j++) Assert.Equal(expected[j] / norm, projected[j], 1e-4);
    }

    [Fact]
    public void Projecting_rows_gives_each_row_its_own_projection()
    {
        var random = new Random(5);
        var map = new LinearMap("image", 16, 4, RandomVectors.Raw(random, 16), RandomVectors.Raw(random, 64));
        var rows = new VectorRows(RandomVectors.Raw(random, 16 * 1101), 16); // over two of the parallel chunks

        var projected = map.Project(rows);

        Assert.Equal(1101, projected.Count);
        // The rows go through the batch kernel, which adds in another order than one dot product per component.
        for (var i = 0; i < rows.Count; i++)
        {
            var one = map.Project(rows.Row(i));
            for (var j = 0; j < one.Length; j++) Assert.Equal(one[j], projected.Row(i)[j], 1e-5f);
        }
    }

    [Fact]
    public void Vectors_of_the_wrong_length_are_refused()
    {
        var map = new LinearMap("image", 4, 2, new float[4], new float[8]);

        var exception = Assert.Throws<ArgumentException>(() => map.Project(new float[5]));

        Assert.Contains("reads 4", exception.Message);
        Assert.Throws<ArgumentException>(() => new LinearMap("image", 4, 2, new float[4], new float[7]));
    }
}
