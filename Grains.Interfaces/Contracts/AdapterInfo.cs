using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>One stored adapter version without its matrices: what it maps, what it learned from, how it scored, its size.</summary>
[GenerateSerializer, Immutable, Alias("ums.AdapterInfo")]
public sealed record AdapterInfo(
    [property: Id(0)] string Collection,
    [property: Id(1)] int Version,
    [property: Id(2)] byte Kind,
    [property: Id(3)] string Label,
    [property: Id(4)] string TargetSpace,
    [property: Id(5)] int TargetDimension,
    [property: Id(6)] ImmutableArray<string> SourceSpaces,
    [property: Id(7)] string Method,
    [property: Id(8)] double Regularisation,
    [property: Id(9)] int Vectors,
    [property: Id(10)] int Labels,
    [property: Id(11)] int Pairs,
    [property: Id(12)] ImmutableArray<AdapterValidationScore> Validation,
    [property: Id(13)] int Seed,
    [property: Id(14)] DateTimeOffset CreatedAt,
    [property: Id(15)] long Bytes);
