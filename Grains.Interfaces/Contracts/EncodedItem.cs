namespace UmsOrleans.Contracts;

/// <summary>One encoded input: an L2-normalised float32 vector as bytes, or the reason the input was refused.</summary>
[GenerateSerializer, Immutable, Alias("ums.EncodedItem")]
public sealed record EncodedItem([property: Id(0)] byte[]? Vector, [property: Id(1)] string? Error);
