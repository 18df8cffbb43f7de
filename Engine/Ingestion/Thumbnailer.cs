using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Images;

namespace UmsOrleans.Engine.Ingestion;

/// <summary>
/// A small JPEG of a product photo for lists and consoles: longest side at most <see cref="MaxSide"/> pixels
/// (never enlarged), quality 80. The photo goes through the same guarded decoder as the encoders, so a
/// bad photo is refused here, with the same message, before anything is sent to a model.
/// </summary>
public sealed class Thumbnailer(ImageLimits limits)
{
    public const int MaxSide = 160;
    private const int Quality = 80;

    private readonly ImageDecoding _decoding = new(limits);

    /// <exception cref="InvalidImageException">The photo is empty, too large, or cannot be decoded.</exception>
    public byte[] Make(byte[] photo)
    {
        var decoded = _decoding.Decode(photo);
        using var image = Image.LoadPixelData<Rgb24>(decoded.Pixels, decoded.Width, decoded.Height);
        var longest = Math.Max(image.Width, image.Height);
        if (longest > MaxSide)
        {
            var scale = (double)MaxSide / longest;
            var width = Math.Max(1, (int)Math.Round(image.Width * scale));
            var height = Math.Max(1, (int)Math.Round(image.Height * scale));
            image.Mutate(x => x.Resize(width, height, KnownResamplers.Bicubic));
        }
        using var output = new MemoryStream();
        image.SaveAsJpeg(output, new JpegEncoder { Quality = Quality });
        return output.ToArray();
    }
}
