namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// One vector of one space, as little-endian float32 bytes. Vectors cross the wire as byte payloads:
/// Orleans copies a byte array in one block, where a float[] is serialised element by element.
/// </summary>
public sealed record SpaceVector(string Space, byte[] Data)
{
    public int Dimension => Data.Length / sizeof(float);

    public ReadOnlySpan<float> Values => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Data);

    public static SpaceVector FromFloats(string space, ReadOnlySpan<float> values) =>
        new(space, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray());
}
