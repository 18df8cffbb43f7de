using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>The real grocery set in its SOP and In-Shop layouts; expected counts are those of its README.</summary>
public sealed class GroceryLayoutTests
{
    [Fact]
    public void Sop_layout_has_the_2485_test_rows_and_81_classes_of_the_readme()
    {
        var skips = new SkipLog();
        var items = SopReader.Open(TestPaths.GroceryDataset).Queries.Read(skips).ToList();

        Assert.Equal(2_485, items.Count);
        Assert.Equal(0, skips.Count);
        Assert.Equal(Enumerable.Range(0, 2_485), items.Select(i => i.Index));
        Assert.Equal(81, items.Select(i => i.Label).Distinct().Count());
        Assert.All(items, i => Assert.True(File.Exists(i.ImagePath)));
        // README: 10 to 68 test photos per class.
        var perClass = items.GroupBy(i => i.Label).Select(g => g.Count()).ToList();
        Assert.Equal((10, 68), (perClass.Min(), perClass.Max()));
    }

    [Fact]
    public void In_shop_layout_has_1265_queries_and_1220_gallery_photos_with_at_least_5_of_each_per_item()
    {
        var skips = new SkipLog();
        var dataset = InShopReader.Open(TestPaths.GroceryDataset);
        var queries = dataset.Queries.Read(skips).ToList();
        var gallery = dataset.Gallery.Read(skips).ToList();

        Assert.Equal((1_265, 1_220), (queries.Count, gallery.Count));
        Assert.Equal(0, skips.Count);
        Assert.Empty(queries.Select(q => q.Id).Intersect(gallery.Select(g => g.Id)));
        Assert.All(queries.GroupBy(q => q.Label), g => Assert.True(g.Count() >= 5));
        Assert.All(gallery.GroupBy(g => g.Label), g => Assert.True(g.Count() >= 5));
    }

    [Fact]
    public void Labels_come_from_the_list_files_even_where_folders_disagree()
    {
        // Brown-Cap-Mushroom lies under Vegetables/Mushroom/ in test but not in train: labels must not come
        // from folders. The two list files, read independently, must agree photo by photo.
        var sop = SopReader.Open(TestPaths.GroceryDataset).Queries.Read(new SkipLog()).ToDictionary(i => i.ImagePath!, i => int.Parse(i.Label));
        var inShop = InShopReader.Open(TestPaths.GroceryDataset);
        var inShopItems = inShop.Queries.Read(new SkipLog()).Concat(inShop.Gallery.Read(new SkipLog())).ToList();

        Assert.Equal(sop.Count, inShopItems.Count);
        Assert.All(inShopItems, item => Assert.Equal($"id_{sop[item.ImagePath!]:D8}", item.Label));
        var mushrooms = sop.Where(p => p.Key.Contains("Brown-Cap-Mushroom", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(mushrooms);
        Assert.Single(mushrooms.Select(p => p.Value).Distinct());
        Assert.All(mushrooms, p => Assert.Contains("/Mushroom/Brown-Cap-Mushroom/", p.Key.Replace('\\', '/'), StringComparison.Ordinal));
    }

    [Fact]
    public void Catalog_has_5502_rows_and_162_text_queries()
    {
        var dataset = CatalogReader.Open(TestPaths.GroceryDataset);
        var skips = new SkipLog();
        Assert.Equal(5_502, dataset.Gallery.Read(skips).Count());
        Assert.Equal(0, skips.Count);
        Assert.Equal(162, dataset.Queries.Read(skips).Count());
    }
}
