namespace UmsOrleans.Contracts;

/// <summary>A named vector space of a collection, e.g. <c>image</c> with 512 dimensions.</summary>
[GenerateSerializer, Immutable, Alias("ums.VectorSpace")]
public sealed record VectorSpace([property: Id(0)] string Name, [property: Id(1)] int Dimension);
