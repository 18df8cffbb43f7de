using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;

namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// Packs a product's vectors into one blob column: per vector, a UTF-8 space name (u16 length), the
/// dimension (i32) and the float32 values, all little-endian. One row per product keeps a shard's
/// rebuild a single sequential read.
/// </summary>
public static class VectorBlobCodec
{
    public static byte[] Encode(IReadOnlyList<SpaceVector> vectors)
    {
        var size = 0;
        foreach (var vector in vectors) size += 2 + Encoding.UTF8.GetByteCount(vector.Space) + 4 + vector.Data.Length;
        var blob = new byte[size];
        var offset = 0;
        foreach (var vector in vectors)
        {
            var nameLength = Encoding.UTF8.GetBytes(vector.Space, blob.AsSpan(offset + 2));
            BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(offset), checked((ushort)nameLength));
            offset += 2 + nameLength;
            BinaryPrimitives.WriteInt32LittleEndian(blob.AsSpan(offset), vector.Dimension);
            offset += 4;
            WriteFloats(vector.Data, blob.AsSpan(offset));
            offset += vector.Data.Length;
        }
        return blob;
    }

    public static ImmutableArray<SpaceVector> Decode(ReadOnlySpan<byte> blob)
    {
        var vectors = ImmutableArray.CreateBuilder<SpaceVector>();
        var offset = 0;
        while (offset < blob.Length)
        {
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(blob[offset..]);
            var name = Encoding.UTF8.GetString(blob.Slice(offset + 2, nameLength));
            offset += 2 + nameLength;
            var dimension = BinaryPrimitives.ReadInt32LittleEndian(blob[offset..]);
            offset += 4;
            var data = new byte[dimension * sizeof(float)];
            WriteFloats(blob.Slice(offset, data.Length), data);
            offset += data.Length;
            vectors.Add(new SpaceVector(name, data));
        }
        return vectors.ToImmutable();
    }

    // Payloads are the machine's floats; .NET runs little-endian on every platform this product targets.
    private static void WriteFloats(ReadOnlySpan<byte> source, Span<byte> destination) => source.CopyTo(destination);
}
