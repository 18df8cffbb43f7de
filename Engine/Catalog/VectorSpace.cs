namespace UmsOrleans.Engine.Catalog;

/// <summary>A named vector space of a collection, e.g. <c>image</c> with 512 dimensions.</summary>
public sealed record VectorSpace(string Name, int Dimension);
