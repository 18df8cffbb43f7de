using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Adaptation.Training;
using UmsOrleans.Engine.Catalog;
using static UmsOrleans.Tests.Adaptation.Training.TrainingProducts;

namespace UmsOrleans.Tests.Adaptation.Training;

public sealed class TrainingSetBuilderTests
{
    private static AdapterTrainingPlan Plan(string kind, string label, int seed = 0, int? maxPhotos = null)
    {
        var plan = AdapterTrainingPlan.Create(Spec, kind, label, seed, null, null);
        return maxPhotos is { } cap ? plan with { MaxPhotos = cap } : plan;
    }

    private static TrainingSet Build(AdapterTrainingPlan plan, IEnumerable<ProductRecord> products)
    {
        var builder = new TrainingSetBuilder(plan);
        foreach (var product in products) builder.Add(product);
        return builder.Build();
    }

    [Fact]
    public void Product_labels_give_each_product_its_photos_and_skip_what_cannot_be_a_label()
    {
        var set = Build(Plan("adapt", "product"), [Product("b", 3), Product("a", 4), Product("two-photos", 2), Product("none", 0), Product("c", 3, text: false)]);

        Assert.Equal(["a", "a", "a", "a", "b", "b", "b", "c", "c", "c"], set.Labels);
        Assert.Equal(10, set.Photos.Count);
        Assert.Equal(4, set.Photos.Dimension);
        Assert.Null(set.Texts);
        Assert.Equal(Product("a", 4).VectorsOf("image").First().Values.ToArray(), set.Photos.Row(0).ToArray());
        Assert.Equal(new TrainingSetCounts(5, 3, 1, 0, 0, 0, 1, 1, 10, 3, 0, AdapterTrainingPlan.DefaultMaxPhotos), set.Counts);
    }

    [Fact]
    public void Attribute_labels_group_products_by_their_string_value_and_leave_out_labels_with_too_few_photos()
    {
        var set = Build(Plan("adapt", "attributes.shelf"), [
            WithShelf("milk-1", 2, "milk"),
            WithShelf("milk-2", 1, "milk"),
            WithShelf("fruit-1", 3, "fruit"),
            WithShelf("bread-1", 2, "bread"),
            Product("no-shelf", 3),
            Product("numeric-shelf", 3, true, ("shelf", AttributeValue.Of(4))),
        ]);

        Assert.Equal(["fruit", "fruit", "fruit", "milk", "milk", "milk"], set.Labels);
        var counts = set.Counts;
        Assert.Equal((6L, 3L, 2L), (counts.ProductsRead, counts.ProductsUsed, counts.WithoutLabel));
        Assert.Equal((1, 1L), (counts.SmallLabels, counts.ProductsInSmallLabels)); // bread: 2 photos
        Assert.Equal((6, 2), (counts.Photos, counts.Labels));
    }

    [Fact]
    public void Align_pairs_every_photo_with_its_products_text_grouped_by_the_label()
    {
        var products = new[] { Product("a", 3), Product("b", 2), Product("no-text", 4, text: false), Product("c", 11) };

        var set = Build(Plan("align", "product"), products);

        Assert.Equal(16, set.Photos.Count);
        Assert.Equal(16, set.Texts!.Count);
        Assert.Equal(3, set.Texts.Dimension);
        Assert.Equal([.. Enumerable.Repeat("a", 3), .. Enumerable.Repeat("b", 2), .. Enumerable.Repeat("c", 11)], set.Labels);
        var textOfB = products[1].FindVector("text")!.Values.ToArray();
        Assert.Equal(textOfB, set.Texts.Row(3).ToArray());
        Assert.Equal(textOfB, set.Texts.Row(4).ToArray());
        Assert.Equal((1L, 16, 3), (set.Counts.WithoutText, set.Counts.Pairs, set.Counts.Labels));
    }

    [Fact]
    public void A_capped_set_is_the_same_seeded_sample_of_whole_products_whatever_order_they_arrive_in()
    {
        var products = Enumerable.Range(0, 60).Select(i => Product($"p{i:00}", 3 + i % 3)).ToList();
        var plan = Plan("adapt", "product", seed: 5, maxPhotos: 50);

        var first = Build(plan, products);
        var shuffled = Build(plan, products.OrderBy(p => p.Id[^1]).ThenByDescending(p => p.Id));
        var otherSeed = Build(plan with { Seed = 6 }, products);

        Assert.InRange(first.Photos.Count, 45, 50); // whole products, up to the cap
        Assert.True(first.Counts.Capped);
        Assert.Equal(60 - first.Counts.ProductsUsed, first.Counts.LeftOutByCap);
        Assert.Equal(first.Labels, shuffled.Labels);
        Assert.Equal(first.Photos.Data, shuffled.Photos.Data);
        Assert.NotEqual(first.Labels.Distinct(), otherSeed.Labels.Distinct());
        Assert.All(first.Labels.GroupBy(l => l), g => Assert.Equal(products.Single(p => p.Id == g.Key).CountIn("image"), g.Count()));
        Assert.False(Build(plan with { MaxPhotos = AdapterTrainingPlan.DefaultMaxPhotos }, products).Counts.Capped);
    }

    [Fact]
    public void Too_few_labels_or_pairs_fail_naming_the_minimum_and_what_the_products_lacked()
    {
        var oneLabel = Assert.Throws<InsufficientTrainingDataException>(() =>
            Build(Plan("adapt", "attributes.shelf"), [WithShelf("a", 3, "milk"), Product("b", 3), Product("c", 0)]));
        var fewPairs = Assert.Throws<InsufficientTrainingDataException>(() =>
            Build(Plan("align", "product"), [Product("a", 4), Product("b", 4), Product("c", 4, text: false)]));

        Assert.Equal((AdaptationTrainer.MinimumLabels, 1), (oneLabel.Minimum, oneLabel.Found));
        Assert.Contains("at least 2 labels with 3 photos each", oneLabel.Message);
        Assert.Contains("3 products read, 1 used; 1 without photos, 1 without a string 'shelf' attribute", oneLabel.Message);
        Assert.Equal((AlignmentTrainer.MinimumPairs, 8), (fewPairs.Minimum, fewPairs.Found));
        Assert.Contains("1 without a text vector", fewPairs.Message);
    }
}
