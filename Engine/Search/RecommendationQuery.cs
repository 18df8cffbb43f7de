using System.Numerics.Tensors;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Search;

/// <summary>
/// The query vectors of a recommendation: per space, the content vector (if the request also has text or a photo)
/// plus the mean of the positive examples minus the mean of the negative ones, L2-normalised. A product with
/// several vectors in a space (several photos) counts as the mean of them. A space where nothing is left (no
/// positive example has it, or everything cancels out) is dropped.
/// </summary>
public static class RecommendationQuery
{
    public static IReadOnlyList<SpaceVector> Build(IReadOnlyList<SpaceVector> content, IReadOnlyList<ProductRecord> positives, IReadOnlyList<ProductRecord> negatives)
    {
        var spaces = content.Select(v => v.Space).Concat(positives.SelectMany(p => p.Vectors.Select(v => v.Space))).Distinct(StringComparer.Ordinal);
        var result = new List<SpaceVector>();
        foreach (var space in spaces)
        {
            var dimension = content.FirstOrDefault(v => v.Space == space)?.Dimension
                ?? positives.SelectMany(p => p.VectorsOf(space)).First().Dimension;
            var sum = new float[dimension];
            if (content.FirstOrDefault(v => v.Space == space) is { } vector) TensorPrimitives.Add(sum, vector.Values, sum);
            AddMean(sum, positives, space, 1f);
            AddMean(sum, negatives, space, -1f);
            var norm = TensorPrimitives.Norm<float>(sum);
            if (norm <= 1e-6f || !float.IsFinite(norm)) continue;
            TensorPrimitives.Divide(sum, norm, sum);
            result.Add(SpaceVector.FromFloats(space, sum));
        }
        return result;
    }

    private static void AddMean(float[] sum, IReadOnlyList<ProductRecord> examples, string space, float sign)
    {
        var means = examples.Select(p => Mean(p, space, sum.Length)).OfType<float[]>().ToList();
        foreach (var mean in means) TensorPrimitives.MultiplyAdd(mean, sign / means.Count, sum, sum);
    }

    private static float[]? Mean(ProductRecord product, string space, int dimension)
    {
        var vectors = product.VectorsOf(space).Where(v => v.Dimension == dimension).ToList();
        if (vectors.Count == 0) return null;
        var mean = new float[dimension];
        foreach (var vector in vectors) TensorPrimitives.Add(mean, vector.Values, mean);
        TensorPrimitives.Divide(mean, vectors.Count, mean);
        return mean;
    }
}
