using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Filtering;

namespace UmsOrleans.Engine.Adaptation.Training;

/// <summary>
/// What can be told about a training request before its job starts, from numbers the shards already keep: how many
/// photos and products with photos (and with text) the collection has, and the values its label attribute takes. It
/// only refuses a request that cannot succeed; the job counts exactly and fails with the same minimums otherwise.
/// </summary>
public static class TrainingPrecheck
{
    /// <summary>
    /// The reason the request cannot succeed, naming the field and the minimum; null when it may.
    /// <paramref name="labelValues"/>: the facet values of the label attribute (null for the product label).
    /// </summary>
    public static InvalidTrainingRequestException? Check(
        string collection, AdapterTrainingPlan plan, IReadOnlyList<ShardStats> shards, IReadOnlyList<FacetValueCount>? labelValues)
    {
        var photos = shards.Sum(s => (long)s.VectorsPerSpace.GetValueOrDefault(plan.PhotoSpace));
        var withPhotos = shards.Sum(s => (long)(s.ProductsPerSpace ?? s.VectorsPerSpace).GetValueOrDefault(plan.PhotoSpace));
        var labelText = plan.Label.Attribute is { } attribute ? $"attribute '{attribute}'" : "product";
        if (labelValues is not null)
        {
            if (labelValues.Count == 0) return new InvalidTrainingRequestException("label", $"no product of collection '{collection}' has attribute '{plan.Label.Attribute}'.");
            var strings = labelValues.Count(v => v.Kind == AttributeKind.String);
            if (strings < 2)
            {
                return new InvalidTrainingRequestException("label", $"{Minimum(plan)}; attribute '{plan.Label.Attribute}' has {strings} string values.");
            }
        }
        if (plan.Kind == AdapterKind.Adapt)
        {
            var needed = (long)AdaptationTrainer.MinimumLabels * AdaptationTrainer.MinimumVectorsPerLabel;
            if (photos < needed || (plan.Label.IsProduct && withPhotos < AdaptationTrainer.MinimumLabels))
            {
                return new InvalidTrainingRequestException("label", $"{Minimum(plan)} by {labelText}; collection '{collection}' has {withPhotos} products with photos ({photos} photos).");
            }
            return null;
        }
        var withText = shards.Sum(s => (long)(s.ProductsPerSpace ?? s.VectorsPerSpace).GetValueOrDefault(plan.TextSpace!));
        if (photos < AlignmentTrainer.MinimumPairs || withText < AlignmentTrainer.MinimumGroups)
        {
            return new InvalidTrainingRequestException("kind", $"{Minimum(plan)}; collection '{collection}' has {photos} photos and {withText} products with a '{plan.TextSpace}' vector.");
        }
        return null;
    }

    /// <summary>What the kind needs, as a request's error says it.</summary>
    public static string Minimum(AdapterTrainingPlan plan) => plan.Kind == AdapterKind.Adapt
        ? $"adapt needs at least {AdaptationTrainer.MinimumLabels} labels with {AdaptationTrainer.MinimumVectorsPerLabel} photos each"
        : $"align needs at least {AlignmentTrainer.MinimumPairs} photo–text pairs (photos of products with a text vector) in at least {AlignmentTrainer.MinimumGroups} labels with 2 pairs each";
}
