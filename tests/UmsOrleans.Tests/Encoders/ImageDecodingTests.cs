using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Images;

using UmsOrleans.Tests.Reliability;

namespace UmsOrleans.Tests.Encoders;

/// <summary>Hostile images are refused with a message, before they can cost memory.</summary>
public sealed class ImageDecodingTests
{
    private static readonly ImageLimits Limits = new(MaxBytes: 64 * 1024, MaxPixels: 1_000_000, MaxFrames: 3);

    [Fact]
    public void Too_many_bytes_are_refused_without_decoding()
    {
        var error = Assert.Throws<InvalidImageException>(() => new ImageDecoding(Limits).Decode(new byte[Limits.MaxBytes + 1]));
        Assert.Contains("bytes", error.Message);
    }

    [Fact]
    public void A_header_claiming_too_many_pixels_is_refused_before_decoding()
    {
        // A valid PNG header for 100000 × 100000 pixels followed by almost no data: decoding it would need 30 GB.
        var error = Assert.Throws<InvalidImageException>(() => new ImageDecoding(Limits).Decode(ImageBombs.PngDimensions(100_000, 100_000)));
        Assert.Contains("pixels", error.Message);
    }

    [Fact]
    public void Too_many_frames_are_refused()
    {
        using var animation = new Image<Rgb24>(8, 8);
        for (var i = 0; i < 5; i++) animation.Frames.AddFrame(new Image<Rgb24>(8, 8, new Rgb24((byte)(i * 40), 0, 0)).Frames.RootFrame);
        using var stream = new MemoryStream();
        animation.Save(stream, new GifEncoder());
        var error = Assert.Throws<InvalidImageException>(() => new ImageDecoding(Limits).Decode(stream.ToArray()));
        Assert.Contains("frames", error.Message);
    }

    [Fact]
    public void Bytes_that_are_no_image_are_refused()
    {
        var error = Assert.Throws<InvalidImageException>(() => new ImageDecoding(Limits).Decode("certainly not an image"u8.ToArray()));
        Assert.Contains("image", error.Message);
    }

    [Fact]
    public void The_field_name_travels_with_the_refusal()
    {
        var refusal = new InvalidImageException("the image is empty.").WithField("image");
        Assert.Equal("image", refusal.Field);
        Assert.Equal("the image is empty.", refusal.Message);
    }
}
