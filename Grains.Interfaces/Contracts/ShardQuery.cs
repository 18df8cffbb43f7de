using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>
/// One query as a shard sees it (the engine's <c>ShardQuery</c> says what each part means); the filter travels as
/// its canonical JSON.
/// </summary>
[GenerateSerializer, Immutable, Alias("ums.ShardQuery")]
public sealed record ShardQuery(
    [property: Id(0)] ImmutableArray<QueryVector> Vectors,
    [property: Id(1)] int K,
    [property: Id(2)] string? FilterJson = null,
    [property: Id(3)] float? MinScore = null,
    [property: Id(4)] ImmutableArray<string> Exclude = default,
    [property: Id(5)] int? Adapter = null,
    [property: Id(6)] int? Ef = null);
