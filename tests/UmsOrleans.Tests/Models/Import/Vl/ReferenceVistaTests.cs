using System.Diagnostics;
using UmsOrleans.Importer;
using UmsOrleans.Importer.Vl;
using UmsOrleans.Tests.Support;
using Xunit.Abstractions;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>The reference forward pass on generated checkpoints: layouts, photo and OCR sensitivity, masking, full-size time.</summary>
public sealed class ReferenceVistaTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>
    /// cos(image embedding with OCR, without OCR) stays below this for every photo, so an importer that ignores OCR
    /// lands at least 0.005 away, five times the 0.001 the import comparison allows. Measured with the generator's default
    /// scales and <see cref="ReferenceVlCheckpoint.SeedFor"/>: 0.87–0.989 at width 48, 0.90–0.990 at full size; about
    /// 0.99999 without those scales.
    /// </summary>
    public const double OcrEffectCeiling = 0.995;

    private readonly string _work = TestPaths.NewTempDirectory("vl-reference");

    [Theory]
    [InlineData("p1m", VistaLayout.VistaBase)]
    [InlineData("ctc", VistaLayout.VistaBaseShare)]
    public void Narrow_reference_tells_photos_apart_and_ocr_moves_the_image_embedding(string name, VistaLayout layout)
    {
        var model = ReferenceVlModel.Named(name);
        var samples = Samples(model, ReferenceVlPhotos.All, _work);
        using var checkpoint = ReferenceVlCheckpoint.Generate(model, width: 48);
        var clock = Stopwatch.StartNew();

        var embeddings = ReferenceVlEmbeddings.Compute(checkpoint.PdparamsPath, samples);

        output.WriteLine($"{name} width 48: read + {ReferenceVlPhotos.All.Length} photos × (OCR, no OCR) + titles in {clock.Elapsed.TotalSeconds:F2} s");
        output.WriteLine($"cos(image with OCR, without): {string.Join(", ", embeddings.OcrEffect.Select(c => c.ToString("F5")))}");
        Assert.Equal(layout, embeddings.Layout);
        Assert.All(embeddings.OcrEffect, c => Assert.True(c < OcrEffectCeiling, $"OCR barely moves the image embedding: cos {c:F5}"));
        Assert.All(embeddings.WithOcr.Select((e, i) => ReferenceMath.Cosine(e.Fusion, embeddings.WithoutOcr[i].Fusion)),
            c => Assert.True(c < OcrEffectCeiling, $"OCR barely moves the fusion embedding: cos {c:F5}"));
        AssertDistinct(embeddings.WithOcr.Select(e => e.Image).ToArray());
        AssertDistinct(embeddings.Titles);
        Assert.All(embeddings.WithOcr.SelectMany(e => new[] { e.Image, e.Fusion }).Concat(embeddings.Titles),
            v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 5));
    }

    [Theory]
    [InlineData("p1m")]
    [InlineData("ctc")]
    public void Padding_slots_change_no_embedding(string name)
    {
        var model = ReferenceVlModel.Named(name);
        var samples = Samples(model, ReferenceVlPhotos.All[..1], _work);
        using var checkpoint = ReferenceVlCheckpoint.Generate(model, width: 48);
        var vista = new ReferenceVista(ReferenceWeights.Read(checkpoint.PdparamsPath));
        var photo = samples.WithOcr[0];
        var title = samples.Titles[0];
        var ocrPadding = Enumerable.Range(0, photo.OcrMask.Length).Where(i => photo.OcrMask[i] == 0).ToArray();
        var titlePadding = Enumerable.Range(0, title.Mask.Length).Where(i => title.Mask[i] == 0).ToArray();
        Assert.NotEmpty(ocrPadding);
        Assert.NotEmpty(titlePadding);

        var (ids, boxes) = ((long[])photo.OcrIds.Clone(), (float[])photo.OcrBoxes.Clone());
        foreach (var i in ocrPadding)
        {
            ids[i] = 1000 + i;
            for (var c = 0; c < 4; c++) boxes[i * 4 + c] = 0.1f * c + 0.02f * i;
        }
        var titleIds = (long[])title.Ids.Clone();
        foreach (var i in titlePadding) titleIds[i] = 2000 + i;

        var expected = vista.EmbedImage(photo);
        var changed = vista.EmbedImage(photo with { OcrIds = ids, OcrBoxes = boxes });
        // −1e4 leaves exp(−1e4) = 0 in float: padding does not even round differently.
        Assert.Equal(expected.Image, changed.Image);
        Assert.Equal(expected.Fusion, changed.Fusion);
        Assert.Equal(vista.EmbedText(title.Ids, title.Mask), vista.EmbedText(titleIds, title.Mask));
    }

    [Theory]
    [Trait("Category", "FullSize")]
    [InlineData("p1m")]
    [InlineData("ctc")]
    public void Full_size_reference_reads_the_published_keys_and_ocr_moves_the_image_embedding(string name)
    {
        var model = ReferenceVlModel.Named(name);
        var samples = Samples(model, ReferenceVlPhotos.All[..2], _work);
        var clock = Stopwatch.StartNew();
        using var checkpoint = ReferenceVlCheckpoint.Generate(model, width: null);
        output.WriteLine($"{name}: generated in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        var read = PdparamsReader.Read(checkpoint.PdparamsPath);
        output.WriteLine($"read in {clock.Elapsed.TotalSeconds:F1} s");
        ReferenceVlPublishedKeys.AssertExactly(read, model, width: null);
        var vista = new ReferenceVista(new ReferenceWeights(read.Tensors));

        clock.Restart();
        var withOcr = samples.WithOcr.Select(vista.EmbedImage).ToArray();
        var imageSeconds = clock.Elapsed.TotalSeconds / withOcr.Length;
        clock.Restart();
        var title = vista.EmbedText(samples.Titles[0].Ids, samples.Titles[0].Mask);
        output.WriteLine($"one photo (ViT-B + OCR BERT + fusion) {imageSeconds:F2} s, one title (BERT-base) {clock.Elapsed.TotalSeconds:F2} s");
        var effect = withOcr.Select((e, i) => ReferenceMath.Cosine(e.Image, vista.EmbedImage(samples.WithoutOcr[i]).Image)).ToArray();

        output.WriteLine($"cos(image with OCR, without): {string.Join(", ", effect.Select(c => c.ToString("F5")))}");
        Assert.All(effect, c => Assert.True(c < OcrEffectCeiling, $"OCR barely moves the image embedding: cos {c:F5}"));
        AssertDistinct([.. withOcr.Select(e => e.Image)]);
        Assert.Equal(512, title.Length);
    }

    internal static ReferenceVlSamples Samples(ReferenceVlModel model, IReadOnlyList<ReferenceVlPhoto> photos, string directory)
    {
        var vocab = ReferenceVlVocabulary.Write(Path.Combine(directory, "vocab.txt"), model.VocabularySize, ReferenceVlPhotos.Texts, model.Chinese);
        return ReferenceVlSamples.Build(photos, vocab, directory);
    }

    private static void AssertDistinct(float[][] embeddings)
    {
        for (var i = 0; i < embeddings.Length; i++)
        for (var j = i + 1; j < embeddings.Length; j++)
        {
            Assert.True(ReferenceMath.Cosine(embeddings[i], embeddings[j]) < 0.999, $"embeddings {i} and {j} are the same");
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
