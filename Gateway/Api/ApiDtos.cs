namespace UmsOrleans.Gateway.Api;

// HTTP shapes, kept apart from the wire messages between grains. Properties are nullable so that a
// missing field is reported by the validator with its name rather than by the JSON reader.

public sealed record CreateCollectionRequest(int? Shards, Dictionary<string, int>? Spaces, QuantizationRequest? Quantization = null);

/// <summary><c>{"type": "int8", "oversample": 4}</c>; <c>{"type": "none"}</c> or absent = exact float32 only.</summary>
public sealed record QuantizationRequest(string? Type, int? Oversample);

public sealed record ShardCountResponse(int Shard, int Products, IReadOnlyDictionary<string, int> Vectors, long MemoryBytes, string Silo);

public sealed record CollectionResponse(
    string Name,
    int Shards,
    IReadOnlyDictionary<string, int> Spaces,
    long Products,
    IReadOnlyList<ShardCountResponse> PerShard,
    QuantizationRequest? Quantization = null);

public sealed record ProductInput(
    string? Id,
    string? Title,
    string? Category,
    Dictionary<string, string>? Attributes,
    Dictionary<string, float[]?>? Vectors);

public sealed record UpsertProductsRequest(List<ProductInput?>? Products);

public sealed record FieldError(string Field, string Message);

public sealed record ItemStatus(string? Id, string Status, FieldError? Error = null);

public sealed record UpsertProductsResponse(int Committed, int Rejected, int Failed, IReadOnlyList<ItemStatus> Items);

public sealed record ProductResponse(
    string Id,
    string? Title,
    string? Category,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, float[]> Vectors);

public sealed record SearchFilter(string? Category);

public sealed record SearchRequest(
    Dictionary<string, float[]?>? Vectors,
    Dictionary<string, float>? Weights,
    int? K,
    SearchFilter? Filter);

public sealed record SearchHitResponse(string Id, float Score, string? Title, string? Category, int Shard);

public sealed record SearchResponse(IReadOnlyList<SearchHitResponse> Hits, bool Partial, IReadOnlyList<int> MissingShards, double TookMs);
