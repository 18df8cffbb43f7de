using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Datasets.Ocr;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation.Ocr;

/// <summary>Which OCR source a run uses, and what each gives the images of a set.</summary>
public sealed class SceneTextSupplyTests : IDisposable
{
    private readonly string _root = TestPaths.NewTempDirectory("ocr-supply");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void By_default_a_dataset_with_its_ocr_folder_uses_the_files_and_one_without_uses_the_engine()
    {
        Assert.Equal(OcrSource.Engine, SceneTextSupply.Resolve(null, CtcReader.Open(_root), readsSceneText: true).Source);
        Directory.CreateDirectory(Path.Combine(_root, DatasetOcrFolders.CtcFolder));
        Assert.Equal(OcrSource.Files, SceneTextSupply.Resolve(null, CtcReader.Open(_root), readsSceneText: true).Source);
    }

    [Fact]
    public void Product1m_has_files_only_when_both_the_query_and_the_gallery_folder_exist()
    {
        Directory.CreateDirectory(Path.Combine(_root, DatasetOcrFolders.Product1MFolder, "product1m_test_ossurl_v2"));
        var error = Assert.Throws<ArgumentException>(() => SceneTextSupply.Resolve(OcrSource.Files, Product1MReader.Open(_root), readsSceneText: true));
        Assert.Equal("ocr", error.ParamName);
        Assert.Contains("ocr_results_filter_chinese_overlap/product1m_gallery_ossurl_v2", error.Message);
        Directory.CreateDirectory(Path.Combine(_root, DatasetOcrFolders.Product1MFolder, "product1m_gallery_ossurl_v2"));
        Assert.Equal(OcrSource.Files, SceneTextSupply.Resolve(null, Product1MReader.Open(_root), readsSceneText: true).Source);
    }

    [Fact]
    public void Files_for_a_layout_without_ocr_files_is_refused_naming_ocr()
    {
        var error = Assert.Throws<ArgumentException>(() => SceneTextSupply.Resolve(OcrSource.Files, SopReader.Open(_root), readsSceneText: false));
        Assert.Equal("ocr", error.ParamName);
        Assert.Contains("has no OCR files", error.Message);
    }

    [Fact]
    public void A_pixel_only_model_gets_nothing_and_an_explicit_request_is_noted()
    {
        Directory.CreateDirectory(Path.Combine(_root, DatasetOcrFolders.CtcFolder));
        var asked = SceneTextSupply.Resolve(OcrSource.Files, CtcReader.Open(_root), readsSceneText: false);
        var defaulted = SceneTextSupply.Resolve(null, CtcReader.Open(_root), readsSceneText: false);

        Assert.Null(asked.Source);
        Assert.Equal("ocr 'files' was ignored: the model reads pixels only, no scene text.", asked.Note);
        Assert.Null(defaulted.Note);
        Assert.Null(Assert.Single(asked.Attach(CtcReader.ImageSet, [Item(0, "1")], new SkipLog())).SceneText);
    }

    [Fact]
    public void None_gives_every_image_an_empty_list_and_engine_leaves_it_to_the_encoder()
    {
        var none = SceneTextSupply.Resolve(OcrSource.None, SopReader.Open(_root), readsSceneText: true);
        var engine = SceneTextSupply.Resolve(OcrSource.Engine, SopReader.Open(_root), readsSceneText: true);
        EvalItem[] items = [Item(0, "1"), EvalItem.Single(1, "t", "t", null, "a caption")];

        Assert.Equal([0, -1], none.Attach("test", items, new SkipLog()).Select(i => i.SceneText?.Count ?? -1));
        Assert.All(engine.Attach("test", items, new SkipLog()), i => Assert.Null(i.SceneText));
    }

    [Fact]
    public void Files_give_text_or_an_empty_list_and_drop_an_unparsable_sample_with_its_reason()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, DatasetOcrFolders.CtcFolder)).FullName;
        File.WriteAllText(Path.Combine(folder, "ocr_1.txt"), "1,2,9,2,9,8,1,8,milk\n");
        File.WriteAllText(Path.Combine(folder, "ocr_2.txt"), "");
        File.WriteAllText(Path.Combine(folder, "ocr_4.txt"), "1,2,9,2,9.5,8,1,8,bad\n");
        var supply = SceneTextSupply.Resolve(null, CtcReader.Open(_root), readsSceneText: true);
        var skips = new SkipLog();

        var items = supply.Attach(CtcReader.ImageSet, [Item(0, "1"), Item(1, "2"), Item(2, "3"), Item(3, "4")], skips).ToList();
        _ = supply.Attach(CtcReader.ImageSet, [Item(0, "1")], new SkipLog()).ToList(); // read again (another direction): counted once

        Assert.Equal(["1", "2", "3"], items.Select(i => i.Id));
        Assert.Equal(["milk"], items[0].SceneText!.Select(s => s.Text));
        Assert.Empty(items[1].SceneText!);
        Assert.Empty(items[2].SceneText!);
        var skip = Assert.Single(skips.Snapshot());
        Assert.Equal((CtcReader.ImageSet, 3, "4", SkipScope.Item), (skip.Set, skip.Index, skip.Id, skip.Scope));
        Assert.Equal("OCR file ocr_4.txt line 1: field 4 '9.5' is not an integer (Python int() raises); UMS drops such a sample (§7.4)", skip.Reason);
        Assert.Equal(
            [new("ocr.images.images_with_text", 1L), new("ocr.images.images_with_empty_file", 1L), new("ocr.images.images_without_file", 1L), new KeyValuePair<string, long>("ocr.images.dropped_unparsable", 1L)],
            supply.Tally.Counts());
        Assert.Equal("files (images: ctc_ocr/ (3 files))", supply.Description);
    }

    [Fact]
    public void A_ctc_caption_whose_image_is_dropped_is_dropped_too_as_its_whole_list_row_is()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, DatasetOcrFolders.CtcFolder)).FullName;
        File.WriteAllText(Path.Combine(folder, "ocr_a.txt"), "1,2,9,2,9,8,1,8,fine\n");
        File.WriteAllText(Path.Combine(folder, "ocr_b.txt"), "x,2,9,2,9,8,1,8,bad\n");
        File.WriteAllBytes(Path.Combine(_root, "a.jpg"), [1]);
        File.WriteAllBytes(Path.Combine(_root, "b.jpg"), [1]);
        File.WriteAllText(Path.Combine(_root, CtcReader.ListFile), "a\ts1\tone\ta.jpg\nb\ts2\ttwo\tb.jpg\na\ts3\tthree\ta.jpg\nb\ts4\tfour\tb.jpg\n");
        var dataset = CtcReader.Open(_root);
        var supply = SceneTextSupply.Resolve(null, dataset, readsSceneText: true);
        var skips = new SkipLog();

        var captions = supply.Attach(CtcReader.CaptionSet, dataset.Queries.Read(skips), skips).ToList();

        Assert.Equal(["s1", "s3"], captions.Select(c => c.Id));
        Assert.Equal([("s2", 1), ("s4", 3)], skips.Snapshot().Select(s => (s.Id, s.Index)));
        Assert.All(skips.Snapshot(), s => Assert.Equal("its image b was dropped for its OCR file; UMS drops the whole list row (§7.4)", s.Reason));
    }

    private EvalItem Item(int index, string id) => EvalItem.Single(index, id, id, Path.Combine(_root, id + ".jpg"), null);
}
