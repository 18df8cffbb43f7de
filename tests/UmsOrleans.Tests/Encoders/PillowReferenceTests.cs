using System.Security.Cryptography;
using System.Text.Json;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Encoders;

/// <summary>
/// Our resize and crop against real Pillow 12.3 (tests/fixtures/reference, made by
/// tools/device/make_reference_fixtures.py): byte-for-byte equal 224×224 crops of synthetic images, covering
/// downscale, upscale, no resize, S = 248 and S = 224, and half-to-even crop offsets (37.5 → 38, 25.5 → 26,
/// 0.5 → 0).
/// </summary>
public sealed class PillowReferenceTests
{
    private static readonly string FixturePath = Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures", "reference", "pillow_preprocess.json");

    public static TheoryData<int> Cases()
    {
        using var fixture = JsonDocument.Parse(File.ReadAllText(FixturePath));
        var data = new TheoryData<int>();
        for (var i = 0; i < fixture.RootElement.GetProperty("cases").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resize_and_crop_equal_pillow_byte_for_byte(int caseIndex)
    {
        using var fixture = JsonDocument.Parse(File.ReadAllText(FixturePath));
        var expected = fixture.RootElement.GetProperty("cases")[caseIndex];
        var width = expected.GetProperty("width").GetInt32();
        var height = expected.GetProperty("height").GetInt32();
        var shorterSide = expected.GetProperty("shorterSide").GetInt32();
        var preprocessor = new ImagePreprocessor(new ImagePreprocessing { ShorterSide = shorterSide, Crop = 224 }, TensorLayout.Nchw);

        var (resizedWidth, resizedHeight) = ImagePreprocessor.ResizedSize(width, height, shorterSide);
        Assert.Equal(expected.GetProperty("cropOffset").GetProperty("left").GetInt32(), ImagePreprocessor.CropOffset(resizedWidth, 224));
        Assert.Equal(expected.GetProperty("cropOffset").GetProperty("top").GetInt32(), ImagePreprocessor.CropOffset(resizedHeight, 224));

        var crop = preprocessor.ResizeAndCrop(Synthetic(width, height));

        foreach (var sample in expected.GetProperty("samples").EnumerateArray())
        {
            var (x, y, c, value) = (sample[0].GetInt32(), sample[1].GetInt32(), sample[2].GetInt32(), sample[3].GetInt32());
            Assert.True(value == crop[x, y, c], $"pixel ({x},{y}) channel {c}: Pillow {value}, ours {crop[x, y, c]}");
        }
        Assert.Equal(expected.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(crop.Pixels)));
    }

    /// <summary>The fixture's pixel formula, repeated here so no image file is needed.</summary>
    private static RgbImage Synthetic(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    pixels[(y * width + x) * 3 + c] = (byte)((x * 37 + y * 91 + c * 53 + x * y % 17 * 11 + ((x ^ y) & 31) * 3) % 256);
                }
            }
        }
        return new RgbImage(width, height, pixels);
    }
}
