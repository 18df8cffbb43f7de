namespace UmsOrleans.Bench.Ann;

/// <summary>
/// Seeded unit vectors with the shape of real embeddings: a Gaussian point in an <c>intrinsic</c>-dimensional subspace
/// (a fixed random basis of the full space) plus a little isotropic noise, normalised. Neighbours are then close in
/// a few directions, as with image and text embeddings, unlike uniform directions, where every point is almost
/// equally far from every other.
/// </summary>
public sealed class LowRankVectors
{
    private const double Noise = 0.1;

    private readonly float[][] _basis;
    private readonly int _dim;

    public LowRankVectors(int dim, int intrinsic, int seed)
    {
        _dim = dim;
        var random = new Random(seed ^ 0x5eed);
        _basis = [.. Enumerable.Range(0, intrinsic).Select(_ => Gaussian(random, dim))];
    }

    public void Fill(Random random, Span<float> values)
    {
        if (values.Length != _dim) throw new ArgumentException($"expected {_dim} values.");
        for (var i = 0; i < values.Length; i++) values[i] = (float)(Noise * NextGaussian(random));
        foreach (var direction in _basis)
        {
            var weight = (float)(NextGaussian(random) / Math.Sqrt(_dim));
            for (var i = 0; i < values.Length; i++) values[i] += weight * direction[i];
        }
        double norm = 0;
        foreach (var v in values) norm += v * v;
        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < values.Length; i++) values[i] *= scale;
    }

    private static float[] Gaussian(Random random, int length) => [.. Enumerable.Range(0, length).Select(_ => (float)NextGaussian(random))];

    private static double NextGaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
