using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>The readers on small hand-written lists in each layout, with images that exist, are empty or are missing.</summary>
public sealed class DatasetReaderTests : IDisposable
{
    private readonly string _root = TestPaths.NewTempDirectory("eval-lists");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Sop_reads_labels_from_the_list_and_skips_a_missing_image_keeping_indices_stable()
    {
        Image("img/a.jpg");
        Image("img/c.jpg");
        Write("Ebay_test.txt", "image_id class_id super_class_id path\n1 7 1 img/a.jpg\n2 7 1 img/b.jpg\n3 9 2 img/c.jpg\n");
        var skips = new SkipLog();

        var dataset = SopReader.Open(_root);
        var items = dataset.Queries.Read(skips).ToList();

        Assert.True(dataset.LeaveOneOut);
        Assert.Same(dataset.Queries, dataset.Gallery);
        Assert.Equal([(0, "1", "7"), (2, "3", "9")], items.Select(i => (i.Index, i.Id, i.Label)));
        Assert.Equal(Path.Combine(_root, "img", "c.jpg"), items[1].ImagePath);
        var skip = Assert.Single(skips.Snapshot());
        Assert.Equal(("test", 1, "2", "image file not found", SkipScope.Item), (skip.Set, skip.Index, skip.Id, skip.Reason, skip.Scope));
    }

    [Fact]
    public void In_shop_splits_query_and_gallery_and_checks_the_declared_row_count()
    {
        Image("q1.jpg");
        Image("g1.jpg");
        Image("t1.jpg");
        File.WriteAllBytes(Path.Combine(_root, "g2.jpg"), []);
        Write("list_eval_partition.txt", "4\nimage_name item_id evaluation_status\nt1.jpg id_1 train\nq1.jpg   id_1   query\ng1.jpg id_1 gallery\ng2.jpg id_2 gallery\n");
        var skips = new SkipLog();

        var dataset = InShopReader.Open(_root);

        Assert.Equal([(0, "q1.jpg", "id_1")], dataset.Queries.Read(skips).Select(i => (i.Index, i.Id, i.Label)));
        Assert.Equal([(0, "g1.jpg", "id_1")], dataset.Gallery.Read(skips).Select(i => (i.Index, i.Id, i.Label)));
        Assert.Equal(("gallery", 1, "image file is empty"), skips.Snapshot().Select(s => (s.Set, s.Index, s.Reason)).Single());

        Write("list_eval_partition.txt", "5\nimage_name item_id evaluation_status\nq1.jpg id_1 query\n");
        Assert.Throws<ListFileFormatException>(() => InShopReader.Open(_root).Queries.Read(new SkipLog()).ToList());
    }

    [Fact]
    public void Product1m_keeps_repeated_instances_finds_images_beside_the_list_and_keeps_items_without_image()
    {
        Image("product1m_test_ossurl_v2/q1.jpg");
        Image("product1m_gallery_ossurl_v2/g1.jpg");
        Write("product1m_test_ossurl_v2.txt", "q1#####红色 连衣裙#####http://a#####http://b#####inst A#;#inst B#;#inst A\nq2##### #####u1#####u2#####inst C\n");
        Write("product1m_gallery_ossurl_v2.txt", "g1#####标题#####u1#####u2#####inst A\n");
        var skips = new SkipLog();

        var dataset = Product1MReader.Open(_root);
        var queries = dataset.Queries.Read(skips).ToList();
        var gallery = dataset.Gallery.Read(skips).ToList();

        Assert.Equal(["inst A", "inst B", "inst A"], queries[0].Labels.ToArray());
        Assert.Equal("红色 连衣裙", queries[0].Text);
        Assert.Equal(Path.Combine(_root, "product1m_test_ossurl_v2", "q1.jpg"), queries[0].ImagePath);
        Assert.Equal(("q2", (string?)null, (string?)null), (queries[1].Id, queries[1].ImagePath, queries[1].Text));
        Assert.Equal("inst A", Assert.Single(gallery).Label);
        var skip = Assert.Single(skips.Snapshot());
        Assert.Equal(("query", 1, SkipScope.ImageOnly), (skip.Set, skip.Index, skip.Scope));
        Assert.Equal(0, skips.DroppedFrom("query"));
    }

    [Fact]
    public void Ctc_takes_first_occurrences_of_images_and_captions()
    {
        Image("val/1.jpg");
        Image("val/2.jpg");
        Write("CTC_1K_list_ocr_release.txt", "1\t10\ta red sign\tval/1.jpg\t5\n1\t11\ta stop sign\tval/1.jpg\t5\n2\t20\ta bus\tval/2.jpg\n1\t10\tduplicate sentence id\tval/1.jpg\t5\n");
        var skips = new SkipLog();

        var dataset = CtcReader.Open(_root);
        var images = dataset.Gallery.Read(skips).ToList();
        var captions = dataset.Queries.Read(skips).ToList();

        Assert.Equal([("1", "1", "5"), ("2", "2", null)], images.Select(i => (i.Id, i.Label, i.OcrKey)));
        Assert.Equal([("10", "1", "a red sign"), ("11", "1", "a stop sign"), ("20", "2", "a bus")], captions.Select(c => (c.Id, c.Label, c.Text!)));
        Assert.Equal(0, skips.Count);
    }

    [Fact]
    public void Catalog_filters_splits_and_reads_text_queries()
    {
        Image("i/a.jpg");
        Write("catalog.jsonl", "{\"id\": \"test_a\", \"image\": \"i/a.jpg\", \"title\": \"A\", \"split\": \"test\", \"label\": 3}\n{\"id\": \"train_b\", \"image\": \"i/b.jpg\", \"title\": \"B\", \"split\": \"train\", \"label\": 4}\n");
        Write("text_queries.tsv", "query_id\ttext\tlabel\nname_003\tred apple\t3\n");
        var skips = new SkipLog();

        var all = CatalogReader.Open(_root).Gallery.Read(skips).ToList();
        var testOnly = CatalogReader.Open(_root, new HashSet<string> { "test" }).Gallery.Read(new SkipLog()).ToList();
        var queries = CatalogReader.Open(_root).Queries.Read(skips).ToList();

        Assert.Equal([("test_a", "3", "A")], all.Select(i => (i.Id, i.Label, i.Text!)));
        Assert.Equal("train_b", Assert.Single(skips.Snapshot()).Id);
        Assert.Single(testOnly);
        Assert.Equal(("name_003", "red apple", "3"), (queries[0].Id, queries[0].Text!, queries[0].Label));
    }

    private void Image(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [0xFF, 0xD8, 0xFF]);
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_root, name), text);
}
