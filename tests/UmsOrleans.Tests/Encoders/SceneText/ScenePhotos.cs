using UmsOrleans.Engine.Encoders.Ocr;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Encoders.SceneText;

/// <summary>Grocery photos of three shapes, so that a box normalised by the wrong size shows.</summary>
internal static class ScenePhotos
{
    /// <summary>348 × 464.</summary>
    public static readonly Photo Tall = Load("images/train/Vegetables/Asparagus/Asparagus_012.jpg", 348, 464);

    /// <summary>464 × 348.</summary>
    public static readonly Photo Wide = Load("images/train/Vegetables/Onion/Yellow-Onion/Yellow-Onion_010.jpg", 464, 348);

    /// <summary>348 × 348.</summary>
    public static readonly Photo Square = Load("images/train/Fruit/Banana/Banana_001.jpg", 348, 348);

    private static Photo Load(string path, int width, int height)
    {
        var fullPath = Path.Combine(TestPaths.GroceryDataset, path);
        var bytes = File.ReadAllBytes(fullPath);
        return new Photo(fullPath, bytes, width, height, SceneTextCache.KeyOf(bytes));
    }

    public sealed record Photo(string Path, byte[] Bytes, int Width, int Height, string Key);
}
