using UmsOrleans.Engine.Search;

namespace UmsOrleans.Tests.Support;

/// <summary>Seeded random unit vectors, so every failure reproduces.</summary>
public static class RandomVectors
{
    public static float[] Unit(Random random, int dimension)
    {
        var values = new float[dimension];
        double norm = 0;
        for (var i = 0; i < dimension; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
            norm += values[i] * values[i];
        }
        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < dimension; i++) values[i] *= scale;
        return values;
    }

    public static float[] Raw(Random random, int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }

    public static double NaiveDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += (double)a[i] * b[i];
        return sum;
    }

    public static QueryVector Query(string space, float weight, float[] values) =>
        new(space, weight, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
}
