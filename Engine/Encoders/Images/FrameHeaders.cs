using System.Buffers.Binary;

namespace UmsOrleans.Engine.Encoders.Images;

/// <summary>How many frames a file declares and how many pixels decoding all of them would produce.</summary>
public readonly record struct FrameCount(int Frames, long Pixels);

/// <summary>
/// Reads the frame structure of the multi-frame formats ImageSharp decodes (GIF, TIFF, WebP, APNG) from their
/// headers and block lengths alone, never touching pixel data, so a decompression bomb — a tiny file declaring a
/// huge canvas many times over — is refused before any pixel buffer exists. ImageSharp 2 cannot report frame
/// counts without decoding, hence this reader. A truncated or malformed structure ends the walk early; the
/// decoder then refuses the file itself. Other formats hold one frame: <c>null</c>.
/// </summary>
public static class FrameHeaders
{
    /// <summary>Where a walk gives up: more frames than any accepted limit, so counting further changes nothing.</summary>
    private const int MaxCounted = 100_000;

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static FrameCount? Read(ReadOnlySpan<byte> data) =>
        data.StartsWith("GIF8"u8) ? Gif(data)
        : data.StartsWith("II*\0"u8) ? Tiff(data, littleEndian: true)
        : data.StartsWith("MM\0*"u8) ? Tiff(data, littleEndian: false)
        : data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8) ? Webp(data)
        : data.StartsWith(PngSignature) ? Png(data)
        : null;

    /// <summary>Every GIF frame is composed onto the full logical screen, so each one costs a whole canvas.</summary>
    private static FrameCount? Gif(ReadOnlySpan<byte> data)
    {
        if (data.Length < 13) return null;
        long canvas = (long)BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) * BinaryPrimitives.ReadUInt16LittleEndian(data[8..]);
        var at = 13 + ColorTableBytes(data[10]);
        var frames = 0;
        while (at < data.Length && frames < MaxCounted)
        {
            switch (data[at])
            {
                case 0x2C: // image descriptor: position and size (9 bytes), optional local colour table, LZW code size, data blocks
                    if (at + 10 > data.Length) return new(frames, frames * canvas);
                    frames++;
                    at += 10 + ColorTableBytes(data[at + 9]) + 1;
                    at = SkipSubBlocks(data, at);
                    break;
                case 0x21: // extension: label, then data blocks
                    at = SkipSubBlocks(data, at + 2);
                    break;
                default: // 0x3B trailer, or something no decoder reads past
                    return new(frames, frames * canvas);
            }
        }
        return new(frames, frames * canvas);
    }

    private static int ColorTableBytes(byte packed) => (packed & 0x80) == 0 ? 0 : 3 << ((packed & 7) + 1);

    private static int SkipSubBlocks(ReadOnlySpan<byte> data, int at)
    {
        while (at < data.Length && data[at] != 0) at += data[at] + 1;
        return at + 1;
    }

    /// <summary>Each image file directory is a page with its own width and length.</summary>
    private static FrameCount? Tiff(ReadOnlySpan<byte> data, bool littleEndian)
    {
        var visited = new HashSet<uint>();
        var offset = U32(data, 4, littleEndian);
        var frames = 0;
        long pixels = 0;
        while (offset != 0 && offset + 2L <= data.Length && visited.Add(offset) && frames < MaxCounted)
        {
            var entries = U16(data, (int)offset, littleEndian);
            var first = (int)offset + 2;
            if (first + entries * 12L + 4 > data.Length) break;
            long width = 0, length = 0;
            for (var e = 0; e < entries; e++)
            {
                var entry = first + e * 12;
                var tag = U16(data, entry, littleEndian);
                if (tag is not (256 or 257)) continue;
                var type = U16(data, entry + 2, littleEndian);
                long value = type == 3 ? U16(data, entry + 8, littleEndian) : U32(data, entry + 8, littleEndian);
                if (tag == 256) width = value;
                else length = value;
            }
            frames++;
            pixels += width * length;
            offset = U32(data, first + entries * 12, littleEndian);
        }
        return new(frames, pixels);
    }

    private static ushort U16(ReadOnlySpan<byte> data, int at, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt16BigEndian(data[at..]);

    private static uint U32(ReadOnlySpan<byte> data, int at, bool littleEndian) =>
        at + 4 > data.Length ? 0
        : littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt32BigEndian(data[at..]);

    /// <summary>An animated WebP declares its canvas in VP8X and holds one ANMF chunk per frame.</summary>
    private static FrameCount? Webp(ReadOnlySpan<byte> data)
    {
        long canvas = 0;
        var frames = 0;
        for (long next = 12; next + 8 <= data.Length && frames < MaxCounted;)
        {
            var at = (int)next;
            var fourCc = data.Slice(at, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(data[(at + 4)..]);
            if (fourCc.SequenceEqual("VP8X"u8) && at + 18 <= data.Length)
            {
                canvas = (long)(U24(data, at + 12) + 1) * (U24(data, at + 15) + 1);
            }
            else if (fourCc.SequenceEqual("ANMF"u8))
            {
                frames++;
            }
            next += 8L + size + (size & 1);
        }
        return canvas == 0 ? null : new(Math.Max(frames, 1), Math.Max(frames, 1) * canvas);
    }

    private static int U24(ReadOnlySpan<byte> data, int at) => data[at] | data[at + 1] << 8 | data[at + 2] << 16;

    /// <summary>An APNG's acTL chunk declares its frame count; every frame lies within the IHDR canvas.</summary>
    private static FrameCount? Png(ReadOnlySpan<byte> data)
    {
        long canvas = 0;
        var frames = 1;
        for (long next = 8; next + 12 <= data.Length;)
        {
            var at = (int)next;
            var length = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
            var type = data.Slice(at + 4, 4);
            if (type.SequenceEqual("IHDR"u8) && at + 16 <= data.Length)
            {
                canvas = (long)BinaryPrimitives.ReadUInt32BigEndian(data[(at + 8)..]) * BinaryPrimitives.ReadUInt32BigEndian(data[(at + 12)..]);
            }
            else if (type.SequenceEqual("acTL"u8))
            {
                frames = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data[(at + 8)..]), MaxCounted);
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                break; // acTL must come before the first image data
            }
            next += 12L + length;
        }
        return canvas == 0 ? null : new(frames, frames * canvas);
    }
}
