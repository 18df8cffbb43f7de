using System.Buffers.Binary;
using System.IO.Compression;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Images;

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
        var error = Assert.Throws<InvalidImageException>(() => new ImageDecoding(Limits).Decode(PngHeaderOnly(100_000, 100_000)));
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

    private static byte[] PngHeaderOnly(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        WriteChunk(stream, "IHDR", header);
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) z.Write(new byte[1000]);
        WriteChunk(stream, "IDAT", compressed.ToArray());
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static void WriteChunk(Stream stream, string kind, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var body = System.Text.Encoding.ASCII.GetBytes(kind).Concat(data).ToArray();
        stream.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(length, System.IO.Hashing.Crc32.HashToUInt32(body));
        stream.Write(length);
    }
}
