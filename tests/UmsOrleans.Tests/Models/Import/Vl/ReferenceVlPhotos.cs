using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>A grocery photo (path under the dataset root), its catalogue title and the package text an OCR engine would read.</summary>
public sealed record ReferenceVlPhoto(string Image, string Title, SceneTextString[] Ocr)
{
    public string Id => Path.GetFileNameWithoutExtension(Image);
}

/// <summary>Real grocery package photos (348 × 348) with plausible OCR lines boxed in the photo's pixels.</summary>
public static class ReferenceVlPhotos
{
    public static readonly ReferenceVlPhoto[] All =
    [
        new("images/test/Packages/Juice/Tropicana-Apple-Juice/Tropicana-Apple-Juice_008.jpg", "Tropicana Apple Juice",
            [new("Tropicana", 96, 70, 250, 104), new("100% pure apple juice", 88, 190, 262, 214), new("1 L", 150, 300, 190, 322)]),
        new("images/test/Packages/Oatghurt/Oatly-Natural-Oatghurt/Oatly-Natural-Oatghurt_003.jpg", "Oatly Natural Oatghurt",
            [new("OATLY", 110, 60, 238, 110), new("natural oatghurt", 90, 150, 256, 178), new("plant-based", 120, 250, 230, 270)]),
        new("images/test/Packages/Milk/Arla-Standard-Milk/Arla-Standard-Milk_001.jpg", "Arla Standard Milk",
            [new("Arla", 130, 40, 220, 80), new("standard milk 3%", 80, 160, 270, 190), new(ReferenceVlVocabulary.Chinese[..2], 140, 220, 200, 250)]),
        new("images/test/Packages/Soy-Milk/Alpro-Fresh-Soy-Milk/Alpro-Fresh-Soy-Milk_001.jpg", "Alpro Fresh Soy Milk",
            [new("alpro", 100, 50, 240, 95), new("fresh soya drink", 85, 170, 265, 200)]),
    ];

    /// <summary>Every text the photos carry, for the test vocabulary.</summary>
    public static IEnumerable<string> Texts => All.SelectMany(p => p.Ocr.Select(o => o.Text).Append(p.Title));

    /// <summary>The runtime's §7.1 preprocessing (Pillow-style bilinear to 224, centre crop, ImageNet mean/std), NCHW.</summary>
    public static (float[] Pixels, int Width, int Height) Preprocess(ReferenceVlPhoto photo)
    {
        var spec = new ImagePreprocessing { ShorterSide = 224, Crop = 224, Mean = [0.485f, 0.456f, 0.406f], Std = [0.229f, 0.224f, 0.225f] };
        var preprocessor = new ImagePreprocessor(spec, TensorLayout.Nchw);
        var image = new ImageDecoding(new EncodingOptions().ImageLimits).Decode(File.ReadAllBytes(Path.Combine(TestPaths.GroceryDataset, photo.Image)));
        var pixels = new float[preprocessor.TensorLength];
        preprocessor.Write(image, pixels);
        return (pixels, image.Width, image.Height);
    }
}
