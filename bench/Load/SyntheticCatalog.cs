using System.Collections.Immutable;
using UmsOrleans.Contracts;

namespace UmsOrleans.Bench.Load;

/// <summary>Seeded random unit vectors as products <c>p{i}</c> (one space "image"), generated in batches.</summary>
public static class SyntheticCatalog
{
    public static float[] Unit(Random random, int dim)
    {
        var v = new float[dim];
        double norm = 0;
        for (var i = 0; i < dim; i++)
        {
            v[i] = (float)(random.NextDouble() * 2 - 1);
            norm += v[i] * v[i];
        }
        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < dim; i++) v[i] *= scale;
        return v;
    }

    public static IEnumerable<List<ProductRecord>> Batches(int rows, int dim, int batchSize, int seed)
    {
        var random = new Random(seed);
        for (var start = 0; start < rows; start += batchSize)
        {
            var batch = new List<ProductRecord>(Math.Min(batchSize, rows - start));
            for (var i = start; i < Math.Min(rows, start + batchSize); i++)
            {
                batch.Add(new ProductRecord($"p{i}", null, null, ImmutableDictionary<string, string>.Empty,
                    [SpaceVector.FromFloats("image", Unit(random, dim))]));
            }
            yield return batch;
        }
    }
}
