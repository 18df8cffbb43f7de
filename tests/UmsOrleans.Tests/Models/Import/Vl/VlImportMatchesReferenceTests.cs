using UmsOrleans.Importer.Vl;
using UmsOrleans.Tests.Support;
using Xunit.Abstractions;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>
/// Issue #13's check: a random-weight checkpoint with the published key names, imported, run by ONNX Runtime on real
/// grocery photos with OCR files and catalogue titles, agrees with the independent reference forward pass
/// (<see cref="ReferenceVista"/>) on every image, fusion and text embedding; and OCR visibly matters, so an importer
/// that ignores it cannot pass.
/// </summary>
public sealed class VlImportMatchesReferenceTests(ITestOutputHelper output) : IDisposable
{
    // float32 graphs against a float32 reference with different summation orders; real errors (a wrong LayerNorm eps,
    // tanh GELU, a transposed head split, a missing LayerNorm) land far below this on random weights.
    private const double Agreement = 0.999;

    private readonly string _work = TestPaths.NewTempDirectory("vl-import");

    [Theory]
    [InlineData("p1m", VistaLayout.VistaBase)]
    [InlineData("ctc", VistaLayout.VistaBaseShare)]
    public void Narrow_import_matches_the_reference_on_grocery_photos(string name, VistaLayout layout) =>
        ImportAndCompare(name, layout, width: 48, ReferenceVlPhotos.All);

    [Theory]
    [Trait("Category", "FullSize")]
    [InlineData("p1m", VistaLayout.VistaBase)]
    [InlineData("ctc", VistaLayout.VistaBaseShare)]
    public void Full_size_import_matches_the_reference_on_grocery_photos(string name, VistaLayout layout) =>
        ImportAndCompare(name, layout, width: null, ReferenceVlPhotos.All[..2]);

    private void ImportAndCompare(string name, VistaLayout layout, int? width, IReadOnlyList<ReferenceVlPhoto> photos)
    {
        var model = ReferenceVlModel.Named(name);
        var samples = ReferenceVistaTests.Samples(model, photos, _work);
        using var checkpoint = ReferenceVlCheckpoint.Generate(model, width);
        // The reference first, so its copy of the weights is garbage before the importer and ONNX Runtime load theirs.
        var expected = ReferenceVlEmbeddings.Compute(checkpoint.PdparamsPath, samples);
        Assert.Equal(layout, expected.Layout);
        Assert.All(expected.OcrEffect, c => Assert.True(c < ReferenceVistaTests.OcrEffectCeiling, $"the check cannot see OCR: cos {c:F5}"));

        var result = UmsVlImporter.Import(checkpoint.PdparamsPath, Path.Combine(_work, "vocab.txt"), Path.Combine(_work, "model"),
            new UmsVlImportOptions($"random-{name}"));
        Assert.Equal(layout, result.Layout);
        var (image, fusion) = VlImportMatchesOnnx.RunImage(result.ImageOnnxPath, samples.WithOcr);
        var (imageWithoutOcr, fusionWithoutOcr) = VlImportMatchesOnnx.RunImage(result.ImageOnnxPath, samples.WithoutOcr);
        var text = VlImportMatchesOnnx.RunText(result.TextOnnxPath, samples.Titles);

        for (var i = 0; i < photos.Count; i++)
        {
            var photo = photos[i].Id;
            var imageAgreement = ReferenceMath.Cosine(image[i], expected.WithOcr[i].Image);
            var ignoringOcr = ReferenceMath.Cosine(image[i], expected.WithoutOcr[i].Image);
            output.WriteLine($"{photo}: image {imageAgreement:F6} (vs reference without OCR {ignoringOcr:F6}), " +
                             $"fusion {ReferenceMath.Cosine(fusion[i], expected.WithOcr[i].Fusion):F6}, text {ReferenceMath.Cosine(text[i], expected.Titles[i]):F6}");
            AssertAgrees(image[i], expected.WithOcr[i].Image, $"{photo} image embedding");
            AssertAgrees(fusion[i], expected.WithOcr[i].Fusion, $"{photo} fusion embedding");
            AssertAgrees(imageWithoutOcr[i], expected.WithoutOcr[i].Image, $"{photo} image embedding without OCR");
            AssertAgrees(fusionWithoutOcr[i], expected.WithoutOcr[i].Fusion, $"{photo} fusion embedding without OCR");
            AssertAgrees(text[i], expected.Titles[i], $"{photo} title embedding");
            Assert.True(ignoringOcr < Agreement, $"{photo}: the imported image embedding does not depend on OCR (cos {ignoringOcr:F6} to the OCR-free reference)");
        }
    }

    private static void AssertAgrees(float[] actual, float[] expected, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var cosine = ReferenceMath.Cosine(actual, expected);
        Assert.True(cosine >= Agreement, $"{what}: cos(onnx, reference) = {cosine:F6} < {Agreement}");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
