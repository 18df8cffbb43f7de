using System.Collections.Immutable;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Adaptation.Training;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Filtering;
using static UmsOrleans.Tests.Adaptation.Training.TrainingProducts;

namespace UmsOrleans.Tests.Adaptation.Training;

public sealed class AdapterTrainingPlanTests
{
    [Fact]
    public void A_valid_request_names_its_spaces_method_and_target()
    {
        var adapt = AdapterTrainingPlan.Create(Spec, "adapt", "attributes.brand", 4, null, null);
        var align = AdapterTrainingPlan.Create(Spec, "align", "product", null, "ridge", null);

        Assert.Equal((AdapterKind.Adapt, "brand", 4, "image", "image.adapted", "lda"), (adapt.Kind, adapt.Label.Attribute, adapt.Seed, adapt.PhotoSpace, adapt.TargetSpace, adapt.MethodName));
        Assert.Equal((AdapterKind.Align, true, 0, "text", "shared", AlignmentMethod.Ridge), (align.Kind, align.Label.IsProduct, align.Seed, align.TextSpace, align.TargetSpace, align.Method));
        Assert.Equal("image", align.AlignmentOptions().PhotoSpace);
        Assert.Equal("image.adapted", adapt.AdaptationOptions().TargetSpace);
    }

    [Theory]
    [InlineData("sharpen", "product", null, null, "kind")]
    [InlineData(null, "product", null, null, "kind")]
    [InlineData("adapt", "brand", null, null, "label")]
    [InlineData("adapt", "attributes.", null, null, "label")]
    [InlineData("adapt", null, null, null, "label")]
    [InlineData("adapt", "product", "cca", null, "method")]
    [InlineData("adapt", "product", null, "text", "textSpace")]
    [InlineData("align", "product", "pls", null, "method")]
    [InlineData("align", "product", null, "image", "textSpace")]
    [InlineData("align", "product", null, "title", "textSpace")]
    public void A_bad_request_names_its_field(string? kind, string? label, string? method, string? textSpace, string field)
    {
        var error = Assert.Throws<InvalidTrainingRequestException>(() => AdapterTrainingPlan.Create(Spec, kind, label, null, method, textSpace));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Align_on_a_collection_without_a_text_space_is_refused_on_the_kind()
    {
        var photosOnly = Spec with { Spaces = [new VectorSpace("image", 4)] };

        var error = Assert.Throws<InvalidTrainingRequestException>(() => AdapterTrainingPlan.Create(photosOnly, "align", "product", null, null, null));

        Assert.Equal("kind", error.Field);
        Assert.Contains("no space 'text'", error.Message);
    }

    [Fact]
    public void The_precheck_refuses_what_the_shard_counts_already_rule_out_and_names_the_minimum()
    {
        var adapt = AdapterTrainingPlan.Create(Spec, "adapt", "product", null, null, null);
        var byShelf = AdapterTrainingPlan.Create(Spec, "adapt", "attributes.shelf", null, null, null);
        var align = AdapterTrainingPlan.Create(Spec, "align", "product", null, null, null);
        ShardStats[] onePhotographedProduct = [Stats(photos: 4, withPhotos: 1, withText: 1)];
        ShardStats[] enough = [Stats(photos: 20, withPhotos: 5, withText: 5), Stats(photos: 20, withPhotos: 5, withText: 5)];
        FacetValueCount[] twoShelves = [new("milk", AttributeKind.String, 3), new("fruit", AttributeKind.String, 2)];

        var tooFew = TrainingPrecheck.Check("c", adapt, onePhotographedProduct, null);
        var unknownAttribute = TrainingPrecheck.Check("c", byShelf, enough, []);
        var oneShelf = TrainingPrecheck.Check("c", byShelf, enough, [new("milk", AttributeKind.String, 3), new("4", AttributeKind.Number, 9)]);
        var fewPairs = TrainingPrecheck.Check("c", align, onePhotographedProduct, null);

        Assert.Equal("label", tooFew!.Field);
        Assert.Contains("at least 2 labels with 3 photos each", tooFew.Message);
        Assert.Equal("label", unknownAttribute!.Field);
        Assert.Contains("no product of collection 'c' has attribute 'shelf'", unknownAttribute.Message);
        Assert.Equal("label", oneShelf!.Field);
        Assert.Contains("1 string values", oneShelf.Message);
        Assert.Equal("kind", fewPairs!.Field);
        Assert.Contains("at least 16 photo–text pairs", fewPairs.Message);
        Assert.Null(TrainingPrecheck.Check("c", adapt, enough, null));
        Assert.Null(TrainingPrecheck.Check("c", byShelf, enough, twoShelves));
        Assert.Null(TrainingPrecheck.Check("c", align, enough, null));
    }

    private static ShardStats Stats(int photos, int withPhotos, int withText) => new(0, withPhotos, ImmutableDictionary<string, int>.Empty.Add("image", photos).Add("text", withText), 0, "",
        ImmutableDictionary<string, int>.Empty.Add("image", withPhotos).Add("text", withText));
}
