using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>Keyword statistics of one field (the engine's <c>KeywordFieldStatistics</c>).</summary>
[GenerateSerializer, Immutable, Alias("ums.KeywordFieldStatistics")]
public sealed record KeywordFieldStatistics(
    [property: Id(0)] long DocumentCount,
    [property: Id(1)] long TotalLength,
    [property: Id(2)] ImmutableDictionary<string, long> DocumentFrequencies);

/// <summary>Keyword statistics of a shard or, merged, of a collection (the engine's <c>KeywordStatistics</c>).</summary>
[GenerateSerializer, Immutable, Alias("ums.KeywordStatistics")]
public sealed record KeywordStatistics(
    [property: Id(0)] long DocumentCount,
    [property: Id(1)] ImmutableDictionary<string, KeywordFieldStatistics> Fields);

/// <summary>A keyword search as a shard sees it: analysed terms, the collection's merged statistics, field weights, page size, filter.</summary>
[GenerateSerializer, Immutable, Alias("ums.KeywordShardQuery")]
public sealed record KeywordShardQuery(
    [property: Id(0)] ImmutableArray<string> Terms,
    [property: Id(1)] KeywordStatistics Statistics,
    [property: Id(2)] ImmutableDictionary<string, float> Weights,
    [property: Id(3)] int K,
    [property: Id(4)] string? FilterJson = null,
    [property: Id(5)] ImmutableArray<string> Exclude = default,
    [property: Id(6)] float? MinScore = null);
