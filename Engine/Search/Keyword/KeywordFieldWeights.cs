using System.Collections.Immutable;

namespace UmsOrleans.Engine.Search.Keyword;

/// <summary>
/// How much each field counts in a keyword score (the score is the weighted sum of per-field BM25 scores). A field
/// not named weighs <paramref name="Other"/>; a weight of 0 leaves the field out of the search.
/// </summary>
public sealed record KeywordFieldWeights(ImmutableDictionary<string, float> Weights, float Other = 1f)
{
    /// <summary>Title 3; category, description, attributes, scene text and any other field 1.</summary>
    public static KeywordFieldWeights Default { get; } = new(KeywordFieldNames.DefaultWeights);

    /// <summary>The weight of <paramref name="field"/>.</summary>
    public float For(string field) => Weights.TryGetValue(field, out var weight) ? weight : Other;
}
