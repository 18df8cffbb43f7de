using System.Text.Json.Serialization;

namespace UmsOrleans.Gateway.Api;

// HTTP shapes, kept apart from the wire messages between grains. Properties are nullable so that a
// missing field is reported by the validator with its name rather than by the JSON reader.

/// <summary>
/// <c>spaces</c> names the vector spaces; <c>model</c> (instead) takes them from a model's manifest;
/// <c>quantization</c> optionally adds int8 codes with an fp32 rescore.
/// </summary>
public sealed record CreateCollectionRequest(int? Shards, Dictionary<string, int>? Spaces, string? Model = null, QuantizationRequest? Quantization = null);

/// <summary><c>{"type": "int8", "oversample": 4}</c>; <c>{"type": "none"}</c> or absent = exact float32 only.</summary>
public sealed record QuantizationRequest(string? Type, int? Oversample);

public sealed record ShardCountResponse(int Shard, int Products, IReadOnlyDictionary<string, int> Vectors, long MemoryBytes, string Silo);

public sealed record CollectionResponse(
    string Name,
    int Shards,
    IReadOnlyDictionary<string, int> Spaces,
    string? Model,
    long Products,
    IReadOnlyList<ShardCountResponse> PerShard,
    QuantizationRequest? Quantization = null);

/// <summary>
/// A product to upsert. With a collection model, <c>image</c> (base64) or <c>imagePath</c> (a file under the
/// server's data root) is encoded to the image space and title + category + description to the text space;
/// explicit <c>vectors</c> win for their space.
/// </summary>
public sealed record ProductInput(
    string? Id,
    string? Title,
    string? Category,
    Dictionary<string, string>? Attributes,
    Dictionary<string, float[]?>? Vectors,
    string? Description = null,
    string? Image = null,
    string? ImagePath = null);

public sealed record UpsertProductsRequest(List<ProductInput?>? Products);

public sealed record FieldError(string Field, string Message);

/// <summary>One product of an upsert: what became of it and, unless committed, the field at fault.</summary>
public sealed record ItemStatus(string? Id, ItemOutcome Status, FieldError? Error = null);

/// <summary>Written as <c>"committed"</c>, <c>"rejected"</c> (the input is at fault) or <c>"failed"</c> (retry it).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ItemOutcome>))]
public enum ItemOutcome
{
    [JsonStringEnumMemberName("committed")]
    Committed,

    [JsonStringEnumMemberName("rejected")]
    Rejected,

    [JsonStringEnumMemberName("failed")]
    Failed,
}

public sealed record UpsertProductsResponse(int Committed, int Rejected, int Failed, IReadOnlyList<ItemStatus> Items);

public sealed record ProductResponse(
    string Id,
    string? Title,
    string? Category,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, float[]> Vectors);

public sealed record SearchFilter(string? Category);

/// <summary>
/// A query: explicit <c>vectors</c> per space, and/or <c>text</c> and <c>image</c> (base64) encoded with the
/// collection's model. Scores are the weighted sum of the cosines per space (weights default to 1).
/// </summary>
public sealed record SearchRequest(
    Dictionary<string, float[]?>? Vectors,
    Dictionary<string, float>? Weights,
    int? K,
    SearchFilter? Filter,
    string? Text = null,
    string? Image = null);

public sealed record SearchHitResponse(string Id, float Score, string? Title, string? Category, int Shard);

public sealed record SearchResponse(IReadOnlyList<SearchHitResponse> Hits, bool Partial, IReadOnlyList<int> MissingShards, double TookMs);
