using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace UmsOrleans.Tests.Reliability;

/// <summary>
/// Decompression bombs: small files that declare far more pixels than they hold. Each is a well-formed file
/// that a decoder would faithfully decode, so a guard that only looks at the first frame or at the file size
/// lets it through.
/// </summary>
public static class ImageBombs
{
    /// <summary>A GIF whose logical screen is <paramref name="width"/>×<paramref name="height"/> with one-pixel frames: each frame decodes to the whole screen.</summary>
    public static byte[] GifCanvas(int width, int height, int frames)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        Span<byte> screen = stackalloc byte[7];
        BinaryPrimitives.WriteUInt16LittleEndian(screen, (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(screen[2..], (ushort)height);
        screen[4] = 0x80; // a global colour table of two entries
        gif.Write(screen);
        gif.Write([0, 0, 0, 255, 255, 255]);
        for (var i = 0; i < frames; i++)
        {
            gif.Write([0x21, 0xF9, 4, 0, 1, 0, 0, 0]); // graphic control: 10 ms
            gif.Write([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]); // a 1×1 image at the origin
            gif.Write([2, 2, 0x44, 0x01, 0]); // LZW: clear, pixel 0, end
        }
        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    /// <summary>A grey TIFF of <paramref name="pages"/> Deflate-compressed pages of zeros, all sharing one strip.</summary>
    public static byte[] TiffPages(int width, int height, int pages)
    {
        var strip = DeflatedZeros((long)width * height);
        const int EntriesPerPage = 9;
        const int PageBytes = 2 + EntriesPerPage * 12 + 4;
        using var tiff = new MemoryStream();
        var writer = new BinaryWriter(tiff);
        writer.Write("II*\0"u8);
        writer.Write(8u); // the first page follows the header
        var stripOffset = 8 + pages * PageBytes;
        for (var page = 0; page < pages; page++)
        {
            writer.Write((ushort)EntriesPerPage);
            Entry(writer, 256, 4, (uint)width);        // ImageWidth
            Entry(writer, 257, 4, (uint)height);       // ImageLength
            Entry(writer, 258, 3, 8);                  // BitsPerSample
            Entry(writer, 259, 3, 8);                  // Compression: Deflate
            Entry(writer, 262, 3, 1);                  // PhotometricInterpretation: BlackIsZero
            Entry(writer, 273, 4, (uint)stripOffset);  // StripOffsets
            Entry(writer, 277, 3, 1);                  // SamplesPerPixel
            Entry(writer, 278, 4, (uint)height);       // RowsPerStrip
            Entry(writer, 279, 4, (uint)strip.Length); // StripByteCounts
            writer.Write(page == pages - 1 ? 0u : (uint)(8 + (page + 1) * PageBytes));
        }
        writer.Write(strip);
        writer.Flush();
        return tiff.ToArray();
    }

    private static void Entry(BinaryWriter writer, ushort tag, ushort type, uint value)
    {
        writer.Write(tag);
        writer.Write(type);
        writer.Write(1u);
        if (type == 3)
        {
            writer.Write((ushort)value);
            writer.Write((ushort)0);
        }
        else
        {
            writer.Write(value);
        }
    }

    private static byte[] DeflatedZeros(long count)
    {
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var zeros = new byte[64 * 1024];
            for (var left = count; left > 0; left -= zeros.Length) z.Write(zeros, 0, (int)Math.Min(zeros.Length, left));
        }
        return compressed.ToArray();
    }

    /// <summary>A PNG header for a <paramref name="width"/>×<paramref name="height"/> RGB image with a few bytes of data.</summary>
    public static byte[] PngDimensions(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        PngChunk(png, "IHDR", header);
        PngChunk(png, "IDAT", DeflatedZeros(100_000));
        PngChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void PngChunk(Stream png, string kind, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var body = Encoding.ASCII.GetBytes(kind).Concat(data).ToArray();
        png.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(word, System.IO.Hashing.Crc32.HashToUInt32(body));
        png.Write(word);
    }

    /// <summary>An animated WebP: a <paramref name="width"/>×<paramref name="height"/> canvas and one-pixel lossless frames.</summary>
    public static byte[] AnimatedWebp(int width, int height, int frames)
    {
        var pixel = OnePixelLosslessChunk();
        using var body = new MemoryStream();
        var vp8x = new byte[10];
        vp8x[0] = 0x02; // animation
        U24(vp8x, 4, width - 1);
        U24(vp8x, 7, height - 1);
        RiffChunk(body, "VP8X", vp8x);
        RiffChunk(body, "ANIM", [0, 0, 0, 0, 0, 0]);
        for (var i = 0; i < frames; i++)
        {
            var frame = new byte[16 + pixel.Length];
            U24(frame, 12, 10); // 10 ms; position 0,0; size 1×1 (stored minus one)
            pixel.CopyTo(frame, 16);
            RiffChunk(body, "ANMF", frame);
        }
        using var webp = new MemoryStream();
        webp.Write("RIFF"u8);
        webp.Write(BitConverter.GetBytes((uint)(4 + body.Length)));
        webp.Write("WEBP"u8);
        body.Position = 0;
        body.CopyTo(webp);
        return webp.ToArray();
    }

    /// <summary>The whole VP8L chunk (header included) of a 1×1 lossless WebP written by ImageSharp.</summary>
    private static byte[] OnePixelLosslessChunk()
    {
        using var image = new Image<Rgb24>(1, 1);
        using var encoded = new MemoryStream();
        image.Save(encoded, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless });
        var bytes = encoded.ToArray();
        var at = bytes.AsSpan().IndexOf("VP8L"u8);
        var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 4));
        return bytes[at..(at + 8 + size + (size & 1))];
    }

    private static void RiffChunk(Stream stream, string kind, byte[] data)
    {
        stream.Write(Encoding.ASCII.GetBytes(kind));
        stream.Write(BitConverter.GetBytes((uint)data.Length));
        stream.Write(data);
        if ((data.Length & 1) == 1) stream.WriteByte(0);
    }

    private static void U24(byte[] target, int at, int value)
    {
        target[at] = (byte)value;
        target[at + 1] = (byte)(value >> 8);
        target[at + 2] = (byte)(value >> 16);
    }
}
