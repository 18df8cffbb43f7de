using System.Buffers.Binary;
using System.Collections.Immutable;

namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// A product's thumbnails in the catalog: the first photo's in the <c>thumbnail</c> column (as before products had
/// several photos), the others packed into <c>more_thumbnails</c> as (i32 length, JPEG bytes) pairs, little-endian.
/// </summary>
public static class ThumbnailPack
{
    /// <summary>Packs the thumbnails after the first, or null when there are none.</summary>
    public static byte[]? PackRest(ImmutableArray<byte[]> thumbnails)
    {
        if (thumbnails.Length <= 1) return null;
        var rest = thumbnails.AsSpan()[1..];
        var size = 0;
        foreach (var thumbnail in rest) size += 4 + thumbnail.Length;
        var packed = new byte[size];
        var offset = 0;
        foreach (var thumbnail in rest)
        {
            BinaryPrimitives.WriteInt32LittleEndian(packed.AsSpan(offset), thumbnail.Length);
            thumbnail.CopyTo(packed.AsSpan(offset + 4));
            offset += 4 + thumbnail.Length;
        }
        return packed;
    }

    /// <summary>The first thumbnail (or null) followed by the unpacked rest.</summary>
    public static ImmutableArray<byte[]> Join(byte[]? first, byte[]? rest)
    {
        if (first is null) return [];
        var thumbnails = ImmutableArray.CreateBuilder<byte[]>();
        thumbnails.Add(first);
        var offset = 0;
        while (rest is not null && offset < rest.Length)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(rest.AsSpan(offset));
            thumbnails.Add(rest.AsSpan(offset + 4, length).ToArray());
            offset += 4 + length;
        }
        return thumbnails.ToImmutable();
    }
}
