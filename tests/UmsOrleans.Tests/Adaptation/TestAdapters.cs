using System.Collections.Immutable;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Adaptation;

/// <summary>Seeded adapters with random maps and products with random photo and title vectors, for tests of how shards use adapters.</summary>
internal static class TestAdapters
{
    public static Adapter Random(Random random, AdapterKind kind, params (string Space, int Input, int Output)[] maps) =>
        new(kind, kind == AdapterKind.Adapt ? "image.adapted" : "shared", maps[0].Output,
            [.. maps.Select(m => new LinearMap(m.Space, m.Input, m.Output, RandomVectors.Raw(random, m.Input), RandomVectors.Raw(random, m.Input * m.Output)))],
            new AdapterTraining("test", 0.1, 0, 0, 0), [], 0);

    /// <summary>A product with <paramref name="photos"/> unit vectors in <c>image</c> and, when <paramref name="withTitle"/>, one in <c>text</c>.</summary>
    public static ProductRecord Product(Random random, string id, int photos, bool withTitle, int imageDimension, int textDimension)
    {
        var vectors = Enumerable.Range(0, photos).Select(_ => SpaceVector.FromFloats("image", RandomVectors.Unit(random, imageDimension))).ToList();
        if (withTitle) vectors.Add(SpaceVector.FromFloats("text", RandomVectors.Unit(random, textDimension)));
        return new ProductRecord(id, withTitle ? $"title {id}" : null, null, ImmutableDictionary<string, AttributeValue>.Empty, [.. vectors]);
    }

    public static ShardQuery Query(string space, float[] vector, int k = 10) => new([new QueryVector(space, 1f, SpaceVector.FromFloats(space, vector).Data)], k);
}
