namespace UmsOrleans.Engine.Search;

/// <summary>A query vector for one space (L2-normalised, float32 bytes) with its weight in the score.</summary>
public sealed record QueryVector(string Space, float Weight, byte[] Data)
{
    public ReadOnlySpan<float> Values => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Data);
}
