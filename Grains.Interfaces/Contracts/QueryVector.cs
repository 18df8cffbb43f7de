namespace UmsOrleans.Contracts;

/// <summary>A query vector for one space (L2-normalised, float32 bytes) with its weight in the score.</summary>
[GenerateSerializer, Immutable, Alias("ums.QueryVector")]
public sealed record QueryVector([property: Id(0)] string Space, [property: Id(1)] float Weight, [property: Id(2)] byte[] Data)
{
    public ReadOnlySpan<float> Values => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Data);
}
