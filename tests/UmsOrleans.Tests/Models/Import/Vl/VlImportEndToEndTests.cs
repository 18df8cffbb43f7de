using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Importer;
using UmsOrleans.Importer.Vl;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>One narrow COCO-CTC checkpoint (every published key, width 48, 12 heads) for the tests that only read it.</summary>
public sealed class NarrowCtcCheckpoint : IDisposable
{
    public NarrowVlCheckpoint Checkpoint { get; } = NarrowVlCheckpoint.Generate(PublishedKeyTables.Ctc);

    public void Dispose() => Checkpoint.Dispose();
}

public sealed class VlImportEndToEndTests(NarrowCtcCheckpoint fixture) : IClassFixture<NarrowCtcCheckpoint>, IDisposable
{
    private const int Batch = 2, Ocr = VlGraphNames.SceneTextLength, Width = 512;
    private readonly string _parent = TestPaths.NewTempDirectory("vl-import");

    private UmsVlImportResult Import(NarrowVlCheckpoint checkpoint, string name = "narrow", IProgress<ImportProgress>? progress = null) =>
        UmsVlImporter.Import(checkpoint.PdparamsPath, checkpoint.VocabPath, Path.Combine(_parent, name),
            new UmsVlImportOptions(name, Heads: NarrowVlCheckpoint.Heads), progress);

    [Fact]
    public void The_ctc_towers_run_in_onnx_runtime_and_ocr_changes_the_image_embedding()
    {
        var result = Import(fixture.Checkpoint);
        Assert.Equal(VistaLayout.VistaBaseShare, result.Layout);
        using var towers = new VlTowers(result.ImageOnnxPath, result.TextOnnxPath);

        var pixels = ImportedModelMatchesReferenceTests.RandomPixels(Batch * 3 * 224 * 224, seed: 3);
        var (ids, mask, boxes) = SceneText(seed: 5, realTokens: [7, 12]);
        var (image, fusion) = towers.EncodeImages(pixels, ids, mask, boxes, Batch);
        AssertUnitRows(image);
        AssertUnitRows(fusion);
        Assert.True(Distance(image, 0, image, 1) > 1e-3, "two photos with different text gave the same image embedding");

        // Only OCR token ids change: the image embedding moves (through the fusion token fed to the last ViT block).
        var (otherIds, _, _) = SceneText(seed: 6, realTokens: [7, 12]);
        var (imageOtherText, fusionOtherText) = towers.EncodeImages(pixels, otherIds, mask, boxes, Batch);
        Assert.True(Distance(image, 0, imageOtherText, 0) > 1e-5, "the image embedding ignores the OCR tokens");
        Assert.True(Distance(fusion, 0, fusionOtherText, 0) > 1e-4, "the fusion embedding ignores the OCR tokens");

        // Padded OCR slots are masked: changing their ids changes nothing.
        var paddedChanged = (long[])ids.Clone();
        paddedChanged[Ocr - 1] = 2000; // sample 0 has 7 real tokens
        var (imageSamePadding, _) = towers.EncodeImages(pixels, paddedChanged, mask, boxes, Batch);
        Assert.True(Distance(image, 0, imageSamePadding, 0) < 1e-6);
    }

    [Fact]
    public void The_text_tower_gives_unit_vectors_and_ignores_ids_beyond_the_mask()
    {
        var result = Import(fixture.Checkpoint);
        using var towers = new VlTowers(result.ImageOnnxPath, result.TextOnnxPath);

        const int length = VlGraphNames.TextLength;
        long[] ids = new long[Batch * length], mask = new long[Batch * length];
        var random = new Random(9);
        for (var n = 0; n < Batch; n++)
        {
            var real = n == 0 ? 6 : 11;
            for (var t = 0; t < real; t++)
            {
                ids[n * length + t] = t == 0 ? 101 : t == real - 1 ? 102 : random.Next(1000, 30000);
                mask[n * length + t] = 1;
            }
        }
        var texts = towers.EncodeTexts(ids, mask, Batch);
        AssertUnitRows(texts);
        Assert.True(Distance(texts, 0, texts, 1) > 1e-3);

        var junkPadding = (long[])ids.Clone();
        for (var t = 6; t < length; t++) junkPadding[t] = 555 + t;
        Assert.True(Distance(texts, 0, towers.EncodeTexts(junkPadding, mask, Batch), 0) < 1e-6);

        // The sequence is symbolic: the first 11 tokens alone give the same vectors as 40 with padding.
        long[] shortIds = [.. Enumerable.Range(0, Batch).SelectMany(n => ids.Skip(n * length).Take(11))];
        long[] shortMask = [.. Enumerable.Range(0, Batch).SelectMany(n => mask.Skip(n * length).Take(11))];
        Assert.True(Distance(texts, 1, towers.EncodeTexts(shortIds, shortMask, Batch), 1) < 1e-5);
    }

    [Fact]
    public void The_folder_holds_both_towers_the_vocabulary_and_a_manifest_the_runtime_accepts()
    {
        var progress = new RecordingProgress();
        var result = Import(fixture.Checkpoint, "ctc-model", progress);
        var folder = Path.GetDirectoryName(result.ManifestPath)!;
        Assert.Equal(["image.onnx", "manifest.json", "text.onnx", "vocab.txt"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Equal([folder], Directory.GetFileSystemEntries(_parent));
        Assert.Equal(File.ReadAllBytes(fixture.Checkpoint.VocabPath), File.ReadAllBytes(Path.Combine(folder, "vocab.txt")));

        var manifest = ModelManifestReader.Read(result.ManifestPath);
        Assert.Equal([new ManifestSpace("image", Width), new ManifestSpace("text", Width)], manifest.Spaces);
        Assert.True(manifest.AlignedTextSearchesImage);
        var image = manifest.Image!;
        Assert.Equal(("image.onnx", "pixel_values", "image_embedding", "fusion_embedding"), (image.Onnx, image.Input, image.Output, image.FusionOutput));
        Assert.Equal((224, 224, ChannelOrder.Rgb), (image.Preprocessing.ShorterSide, image.Preprocessing.Crop, image.Preprocessing.ChannelOrder));
        Assert.Equal([0.485f, 0.456f, 0.406f], image.Preprocessing.Mean);
        Assert.Equal(new SceneTextInputSpec { Vocab = "vocab.txt", LowerCase = true, MaxLength = 30 }, image.SceneText);
        var text = manifest.Text!;
        Assert.Equal(("text.onnx", "vocab.txt", 40, "input_ids", "attention_mask"), (text.Onnx, text.Vocab, text.MaxLength, text.InputIds, text.AttentionMask));
        Assert.Null(text.TokenTypeIds);
        Assert.Equal((Pooling.None, true, "text_embedding"), (text.Pooling, text.Normalize, text.Output));
        Assert.Equal([new FieldMapping("photo", "image"), new FieldMapping("title", "text")], manifest.Fields);
        Assert.Equal("VistaBaseShare", manifest.Source!["layout"]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(fixture.Checkpoint.PdparamsPath))),
            manifest.Source["checkpointSha256"]);
        Assert.Contains("30522", manifest.Source["vocabularySize"]);

        Assert.Equal([ImportPhases.Reading, ImportPhases.Checking, ImportPhases.WritingImageTower, ImportPhases.WritingTextTower], progress.Phases);
        Assert.Equal(new FileInfo(result.ImageOnnxPath).Length, progress.Last(ImportPhases.WritingImageTower).Done);
        Assert.Equal(new FileInfo(result.TextOnnxPath).Length, progress.Last(ImportPhases.WritingTextTower).Total);
        Assert.Equal(new FileInfo(fixture.Checkpoint.PdparamsPath).Length, progress.Last(ImportPhases.Reading).Done);
    }

    [Fact]
    public void A_product1m_checkpoint_without_the_dead_blocks_imports_as_vistabase_in_two_spaces()
    {
        var deadBlocks = PublishedKeyTables.Read(PublishedKeyTables.Product1M).Keys
            .Where(k => k.StartsWith(VistaKeys.DeadFusionBlocks, StringComparison.Ordinal))
            .SelectMany(k => new[] { "--omit", k }).ToArray();
        using var p1m = NarrowVlCheckpoint.Generate(PublishedKeyTables.Product1M, deadBlocks);
        var result = Import(p1m, "p1m");
        Assert.Equal(VistaLayout.VistaBase, result.Layout);
        Assert.Equal(21128, result.VocabularySize);
        Assert.Contains(result.Findings, f => f.Contains("scene_text_fusion_blocks") && f.Contains("absent"));
        Assert.False(ModelManifestReader.Read(result.ManifestPath).AlignedTextSearchesImage);

        using var towers = new VlTowers(result.ImageOnnxPath, result.TextOnnxPath);
        var pixels = ImportedModelMatchesReferenceTests.RandomPixels(Batch * 3 * 224 * 224, seed: 4);
        var (ids, mask, boxes) = SceneText(seed: 8, realTokens: [3, 20]);
        var (image, fusion) = towers.EncodeImages(pixels, ids, mask, boxes, Batch);
        AssertUnitRows(image);
        AssertUnitRows(fusion);
    }

    [Fact]
    public void A_vocabulary_of_another_size_fails_naming_both_numbers_and_writes_nothing()
    {
        var vocab = Path.Combine(_parent, "short-vocab.txt");
        NarrowVlCheckpoint.WriteVocabulary(vocab, 21128);
        var error = Assert.Throws<CheckpointImportException>(() => UmsVlImporter.Import(fixture.Checkpoint.PdparamsPath, vocab,
            Path.Combine(_parent, "model"), new UmsVlImportOptions("x", Heads: NarrowVlCheckpoint.Heads)));
        Assert.Contains("21128 lines", error.Message);
        Assert.Contains("30522 rows", error.Message);
        Assert.Equal([vocab], Directory.GetFileSystemEntries(_parent));
    }

    /// <summary>Random OCR ids for sample n with realTokens[n] tokens ([CLS] … [SEP]), its mask and boxes ([0,0,1,1] on CLS/SEP).</summary>
    private static (long[] Ids, long[] Mask, float[] Boxes) SceneText(int seed, int[] realTokens, int vocabulary = 21128)
    {
        var random = new Random(seed);
        long[] ids = new long[Batch * Ocr], mask = new long[Batch * Ocr];
        var boxes = new float[Batch * Ocr * 4];
        for (var n = 0; n < Batch; n++)
        for (var t = 0; t < realTokens[n]; t++)
        {
            var special = t == 0 || t == realTokens[n] - 1;
            ids[n * Ocr + t] = t == 0 ? 101 : special ? 102 : random.Next(1000, vocabulary);
            mask[n * Ocr + t] = 1;
            float x0 = special ? 0 : random.NextSingle() * 0.5f, y0 = special ? 0 : random.NextSingle() * 0.5f;
            float[] box = special ? [0, 0, 1, 1] : [x0, y0, x0 + 0.3f, y0 + 0.1f];
            box.CopyTo(boxes, (n * Ocr + t) * 4);
        }
        return (ids, mask, boxes);
    }

    private static void AssertUnitRows(float[] rows)
    {
        Assert.All(rows, v => Assert.True(float.IsFinite(v)));
        for (var n = 0; n < rows.Length / Width; n++)
        {
            Assert.Equal(1.0, Math.Sqrt(rows.Skip(n * Width).Take(Width).Sum(v => (double)v * v)), 4);
        }
    }

    private static double Distance(float[] a, int rowA, float[] b, int rowB) =>
        Enumerable.Range(0, Width).Max(i => Math.Abs(a[rowA * Width + i] - b[rowB * Width + i]));

    private sealed class RecordingProgress : IProgress<ImportProgress>
    {
        private readonly List<ImportProgress> _reports = [];

        public IReadOnlyList<string> Phases => [.. _reports.Select(r => r.Phase).Distinct()];

        public ImportProgress Last(string phase) => _reports.Last(r => r.Phase == phase);

        public void Report(ImportProgress value) => _reports.Add(value);
    }

    public void Dispose() => Directory.Delete(_parent, recursive: true);
}
