using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Bench.Load;

/// <summary>Seeded random unit vectors as products <c>p{i}</c> (one space "image"), generated in batches.</summary>
public static class SyntheticCatalog
{
    public static float[] Unit(Random random, int dim)
    {
        var v = new float[dim];
        FillUnit(random, v);
        return v;
    }

    /// <summary>Fills <paramref name="values"/> with a seeded random direction of unit length.</summary>
    public static void FillUnit(Random random, Span<float> values)
    {
        double norm = 0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
            norm += values[i] * values[i];
        }
        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < values.Length; i++) values[i] *= scale;
    }

    public static IEnumerable<List<ProductRecord>> Batches(int rows, int dim, int batchSize, int seed)
    {
        var random = new Random(seed);
        for (var start = 0; start < rows; start += batchSize)
        {
            var batch = new List<ProductRecord>(Math.Min(batchSize, rows - start));
            for (var i = start; i < Math.Min(rows, start + batchSize); i++)
            {
                batch.Add(new ProductRecord($"p{i}", null, null, ImmutableDictionary<string, AttributeValue>.Empty,
                    [SpaceVector.FromFloats("image", Unit(random, dim))]));
            }
            yield return batch;
        }
    }
}
