using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>The vectors of one encode call, all of space <see cref="Space"/>, in request order.</summary>
[GenerateSerializer, Immutable, Alias("ums.EncodedBatch")]
public sealed record EncodedBatch(
    [property: Id(0)] string Space,
    [property: Id(1)] ImmutableArray<EncodedItem> Items);
