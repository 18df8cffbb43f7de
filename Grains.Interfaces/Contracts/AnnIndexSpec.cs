namespace UmsOrleans.Contracts;

/// <summary>How a collection's shards find nearest rows: flat (exact scan) or an HNSW graph per space (the engine's <c>AnnIndexSpec</c> says more).</summary>
[GenerateSerializer, Immutable, Alias("ums.AnnIndexSpec")]
public sealed record AnnIndexSpec(
    [property: Id(0)] AnnIndexType Type,
    [property: Id(1)] int M,
    [property: Id(2)] int EfConstruction,
    [property: Id(3)] int Ef,
    [property: Id(4)] AnnPrecision Precision = AnnPrecision.I8);

[GenerateSerializer, Alias("ums.AnnPrecision")]
public enum AnnPrecision
{
    I8 = 0,
    Bf16 = 1,
    F16 = 2,
}

[GenerateSerializer, Alias("ums.AnnIndexType")]
public enum AnnIndexType
{
    Flat = 0,
    Hnsw = 1,
}
