using System.Security.Cryptography;
using System.Text.Json;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Encoders;

/// <summary>
/// The preprocessing against fixtures computed by an independent pure-Python implementation of Pillow's
/// bilinear resample (Fixtures/make_preprocess_fixtures.py), including the half-to-even crop offsets.
/// </summary>
public sealed class PreprocessFixtureTests
{
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    public static string FixtureDirectory => Path.Combine(TestPaths.RepositoryRoot, "tests", "UmsOrleans.Tests", "Encoders", "Fixtures");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var fixture in LoadFixtures()) data.Add(fixture.File);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resize_crop_and_normalisation_match_the_reference(string file)
    {
        var fixture = LoadFixtures().Single(f => f.File == file);
        var image = new ImageDecoding(new EncodingOptions().ImageLimits).Decode(File.ReadAllBytes(Path.Combine(FixtureDirectory, file)));
        var spec = new ImagePreprocessing { ShorterSide = fixture.ShorterSide, Crop = 224, Divisor = 255, Mean = ImageNetMean, Std = ImageNetStd };
        var preprocessor = new ImagePreprocessor(spec, TensorLayout.Nchw);

        var (width, height) = ImagePreprocessor.ResizedSize(image.Width, image.Height, fixture.ShorterSide);
        Assert.Equal((fixture.ResizedWidth, fixture.ResizedHeight), (width, height));
        Assert.Equal(fixture.Left, ImagePreprocessor.CropOffset(width, 224));
        Assert.Equal(fixture.Top, ImagePreprocessor.CropOffset(height, 224));

        var cropped = preprocessor.ResizeAndCrop(image);
        var sums = Enumerable.Range(0, 3).Select(c => Enumerable.Range(0, 224 * 224).Sum(i => (long)cropped.Pixels[i * 3 + c])).ToArray();
        Assert.Equal(fixture.ChannelSums, sums);
        Assert.Equal(fixture.CropSha256, Convert.ToHexStringLower(SHA256.HashData(cropped.Pixels)));

        var tensor = new float[preprocessor.TensorLength];
        preprocessor.Write(image, tensor);
        foreach (var sample in fixture.Samples)
        {
            Assert.Equal(sample.Value, tensor[sample.C * 224 * 224 + sample.Y * 224 + sample.X], tolerance: 1e-5);
        }
    }

    [Fact]
    public void Bgr_and_nhwc_reorder_the_same_values()
    {
        var fixture = LoadFixtures().First(f => f.ShorterSide == 248);
        var image = new ImageDecoding(new EncodingOptions().ImageLimits).Decode(File.ReadAllBytes(Path.Combine(FixtureDirectory, fixture.File)));
        var rgb = new float[3 * 224 * 224];
        var bgrNhwc = new float[3 * 224 * 224];
        new ImagePreprocessor(new ImagePreprocessing { ShorterSide = 248, Divisor = 1 }, TensorLayout.Nchw).Write(image, rgb);
        new ImagePreprocessor(new ImagePreprocessing { ShorterSide = 248, Divisor = 1, ChannelOrder = ChannelOrder.Bgr }, TensorLayout.Nhwc).Write(image, bgrNhwc);
        var plane = 224 * 224;
        foreach (var i in new[] { 0, 777, plane - 1 })
        {
            for (var c = 0; c < 3; c++) Assert.Equal(rgb[(2 - c) * plane + i], bgrNhwc[i * 3 + c]);
        }
    }

    internal static IReadOnlyList<Fixture> LoadFixtures() =>
        JsonSerializer.Deserialize<List<Fixture>>(File.ReadAllText(Path.Combine(FixtureDirectory, "preprocess_expected.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    internal sealed record Fixture(string File, int ShorterSide, int ResizedWidth, int ResizedHeight, int Left, int Top, string CropSha256, long[] ChannelSums, List<Sample> Samples);

    internal sealed record Sample(int C, int Y, int X, double Value);
}
