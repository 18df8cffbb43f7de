using SkiaSharp;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Ocr;

/// <summary>
/// Grocery shelf photos with two lines of label text drawn on them at test time (SkiaSharp, Debian's DejaVu
/// fonts), each line on a light, slightly see-through band like a shelf label, so the photo shows around it.
/// </summary>
public static class TextOnPhotos
{
    public const string FontDirectory = "/usr/share/fonts/truetype/dejavu";

    private static readonly string[] Fonts = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSansMono-Bold.ttf"];

    private static readonly string[] Labels =
    [
        "Fresh Milk 1L", "Apple Juice", "Greek Yoghurt", "Best before 2027", "Oat Drink 250 ml", "Organic Cream",
        "Price 3.49 EUR", "Store Cold", "Soy Milk Vanilla", "Natural Flavour", "Low Fat 1.5%", "Product of Finland",
        "Orange Juice", "Keep Chilled", "Sour Milk 500 g", "Whole Milk", "Mango Smoothie", "Shake Well",
        "Lactose Free", "Net Weight 400 g", "Strawberry Yoghurt", "Pasteurised", "Barista Edition", "Sugar Free",
    ];

    public static bool FontsInstalled => Fonts.All(font => File.Exists(Path.Combine(FontDirectory, font)));

    /// <summary>One photo per two labels, each from a different product folder, in a fixed order.</summary>
    public static IReadOnlyList<RenderedText> Render()
    {
        var photos = Directory.EnumerateDirectories(Path.Combine(TestPaths.GroceryDataset, "images", "test", "Packages"), "*", SearchOption.AllDirectories)
            .Where(folder => Directory.EnumerateFiles(folder, "*.jpg").Any())
            .Order(StringComparer.Ordinal)
            .Select(folder => Directory.EnumerateFiles(folder, "*.jpg").Order(StringComparer.Ordinal).First())
            .Take(Labels.Length / 2)
            .ToArray();
        return [.. photos.Select((photo, i) => Draw(photo, Labels[2 * i], Labels[2 * i + 1], Fonts[i % Fonts.Length]))];
    }

    private static RenderedText Draw(string photo, string top, string bottom, string font)
    {
        using var bitmap = SKBitmap.Decode(photo);
        using var canvas = new SKCanvas(bitmap);
        using var typeface = SKTypeface.FromFile(Path.Combine(FontDirectory, font));
        using var text = new SKFont(typeface, size: bitmap.Height / 14f);
        using var ink = new SKPaint { Color = new SKColor(0x20, 0x20, 0x20), IsAntialias = true };
        using var band = new SKPaint { Color = new SKColor(0xFA, 0xFA, 0xF0, 0xE0) };
        DrawLine(canvas, top, bitmap.Height * 0.12f, text, ink, band);
        DrawLine(canvas, bottom, bitmap.Height * 0.82f, text, ink, band);
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return new RenderedText(Path.GetFileNameWithoutExtension(photo), png.ToArray(), [top, bottom]);
    }

    private static void DrawLine(SKCanvas canvas, string line, float top, SKFont font, SKPaint ink, SKPaint band)
    {
        var width = font.MeasureText(line);
        var margin = font.Size * 0.5f;
        var left = 12f;
        canvas.DrawRect(left - margin, top - margin, width + 2 * margin, font.Size + 2 * margin, band);
        canvas.DrawText(line, left, top + font.Size * 0.8f, SKTextAlign.Left, font, ink);
    }
}
