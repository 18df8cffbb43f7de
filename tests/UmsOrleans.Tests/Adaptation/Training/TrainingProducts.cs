using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Tests.Adaptation.Training;

/// <summary>Products made for training-set tests: a given number of photos (image, 4-d), an optional text vector (3-d) and attributes.</summary>
public static class TrainingProducts
{
    public static readonly CollectionSpec Spec = new("training", 2, [new VectorSpace("image", 4), new VectorSpace("text", 3)]);

    public static ProductRecord Product(string id, int photos, bool text = true, params (string Name, AttributeValue Value)[] attributes)
    {
        var random = new Random(id.Sum(c => c) * 31 + photos);
        var vectors = Enumerable.Range(0, photos).Select(_ => SpaceVector.FromFloats("image", Unit(random, 4))).ToList();
        if (text) vectors.Add(SpaceVector.FromFloats("text", Unit(random, 3)));
        return new ProductRecord(id, $"title {id}", null, attributes.ToImmutableDictionary(a => a.Name, a => a.Value), [.. vectors]);
    }

    public static ProductRecord WithShelf(string id, int photos, string shelf, bool text = true) =>
        Product(id, photos, text, ("shelf", AttributeValue.Of(shelf)));

    private static float[] Unit(Random random, int dimension)
    {
        var values = Enumerable.Range(0, dimension).Select(_ => (float)random.NextDouble() + 0.1f).ToArray();
        var norm = MathF.Sqrt(values.Sum(v => v * v));
        return [.. values.Select(v => v / norm)];
    }
}
