namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// How a collection's shards keep a second, compact copy of the vectors to scan first. <c>Int8</c>: per-dimension
/// calibrated 8-bit codes are scanned, and the best <c>k × Oversample</c> candidates are rescored exactly
/// against the float32 vectors, which are kept.
/// </summary>
public sealed record QuantizationSpec(QuantizationType Type, int Oversample)
{
    public const int DefaultOversample = 4;
    public const int MaxOversample = 100;

    public static QuantizationSpec None { get; } = new(QuantizationType.None, 1);

    public static QuantizationSpec Int8(int oversample = DefaultOversample) => new(QuantizationType.Int8, oversample);
}

public enum QuantizationType
{
    None = 0,
    Int8 = 1,
}
