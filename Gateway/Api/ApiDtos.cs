using System.Text.Json;
using System.Text.Json.Serialization;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Gateway.Api;

// HTTP shapes, kept apart from the wire messages between grains. Properties are nullable so that a
// missing field is reported by the validator with its name rather than by the JSON reader.

/// <summary>
/// <c>spaces</c> names the vector spaces; <c>model</c> (instead) takes them from a model's manifest;
/// <c>quantization</c> optionally adds int8 codes with an fp32 rescore; <c>sceneText</c> (with a model) reads the text in
/// every photo (OCR), keeps it with the product and searches it by keyword; <c>index</c> chooses exact scan (flat, default)
/// or an HNSW graph per space.
/// </summary>
public sealed record CreateCollectionRequest(int? Shards, Dictionary<string, int>? Spaces, string? Model = null, QuantizationRequest? Quantization = null, bool? SceneText = null, IndexRequest? Index = null, int? Replicas = null);

/// <summary><c>PATCH /collections/{name}</c>: the settings that can change after creation.</summary>
public sealed record UpdateCollectionRequest(int? Replicas, int? Shards = null);

/// <summary>
/// A resharding: from and to how many shards, its phase (<c>backfilling</c>, <c>forwarding</c>, <c>loading</c>, <c>switching</c>,
/// <c>dropping</c>, <c>done</c>, <c>failed</c>), how far it is (0 to 1), the products backfilled and the new layout's replicas loaded.
/// </summary>
public sealed record ReshardResponse(
    int From,
    int To,
    string Phase,
    double Progress,
    long Products,
    long Backfilled,
    int Replicas,
    int ReplicasLoaded,
    DateTimeOffset StartedAt,
    DateTimeOffset? SwitchedAt,
    DateTimeOffset? FinishedAt,
    string? Error)
{
    public static ReshardResponse Of(UmsOrleans.Engine.Search.Resharding.ReshardProgress p) => new(
        p.FromShards, p.ToShards, p.Phase.ToString().ToLowerInvariant(), Math.Round(p.Fraction, 3), p.Products, p.Backfilled, p.Replicas, p.ReplicasLoaded, p.StartedAt, p.SwitchedAt, p.FinishedAt, p.Error);
}

/// <summary>One replica of one shard: the silo it is active on and what it holds, or why it did not answer.</summary>
public sealed record ReplicaResponse(int Shard, int Replica, string? Silo, int? Products, long? MemoryBytes, string? Failure);

/// <summary>What the replicas active on one silo hold together (to see whether memory is even across silos).</summary>
public sealed record SiloLoadResponse(string Silo, int Replicas, long Products, long MemoryBytes)
{
    public static SiloLoadResponse Of(UmsOrleans.Engine.Search.Replicas.SiloLoad load) => new(load.Silo, load.Replicas, load.Products, load.MemoryBytes);
}

/// <summary>One replica handed off from one silo to another by a rebalance.</summary>
public sealed record ReplicaMoveResponse(string Collection, int Shard, int Replica, string From, string To, long MemoryBytes);

/// <summary>
/// A rebalance: why it ran, <c>running</c> / <c>done</c> / <c>failed</c>, memory per silo before and after (every silo), and its
/// moves (in <c>GET /collections/{name}</c>, only that collection's; <c>movesPlanned</c> counts every collection's).
/// </summary>
public sealed record RebalanceResponse(
    string Trigger,
    string State,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    int MovesPlanned,
    int MovesDone,
    IReadOnlyList<SiloLoadResponse> Before,
    IReadOnlyList<SiloLoadResponse> After,
    IReadOnlyList<ReplicaMoveResponse> Moves,
    string? Error);

/// <summary><c>{"type": "hnsw", "m": 16, "efConstruction": 200, "ef": 64, "precision": "i8"}</c>; <c>{"type": "flat"}</c> or absent = exact scan.</summary>
public sealed record IndexRequest(string? Type, int? M = null, int? EfConstruction = null, int? Ef = null, string? Precision = null);

/// <summary><c>{"type": "int8", "oversample": 4}</c>; <c>{"type": "none"}</c> or absent = exact float32 only.</summary>
public sealed record QuantizationRequest(string? Type, int? Oversample);

/// <summary>One shard: its products, per space its vectors (several per product with several photos) and the products having one there.</summary>
public sealed record ShardCountResponse(int Shard, int Products, IReadOnlyDictionary<string, int> Vectors, long MemoryBytes, string Silo, IReadOnlyDictionary<string, int> ProductsWith);

public sealed record CollectionResponse(
    string Name,
    int Shards,
    IReadOnlyDictionary<string, int> Spaces,
    string? Model,
    long Products,
    IReadOnlyList<ShardCountResponse> PerShard,
    QuantizationRequest? Quantization = null,
    bool SceneText = false,
    int? ActiveAdapter = null,
    bool AlignedTextSearchesImage = false,
    IndexRequest? Index = null,
    int Replicas = 1,
    IReadOnlyList<ReplicaResponse>? PerReplica = null,
    IReadOnlyList<SiloLoadResponse>? PerSilo = null,
    RebalanceResponse? Rebalance = null,
    ReshardResponse? Resharding = null);

/// <summary>
/// A product to upsert. With a collection model, its photos — <c>image</c> / <c>images</c> (base64) and
/// <c>imagePath</c> / <c>imagePaths</c> (files under the server's data root), in that order — are encoded to the
/// image space (one vector per photo) and title + category + description to the text space; explicit
/// <c>vectors</c> (a vector, or a list of vectors, per space) win for their space. Attribute values are strings,
/// numbers, booleans or lists of those.
/// </summary>
public sealed record ProductInput(
    string? Id,
    string? Title,
    string? Category,
    Dictionary<string, JsonElement>? Attributes,
    Dictionary<string, JsonElement>? Vectors,
    string? Description = null,
    string? Image = null,
    string? ImagePath = null,
    List<string?>? Images = null,
    List<string?>? ImagePaths = null);

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

/// <summary>
/// A stored product: <c>photos</c> is how many it has (thumbnails at <c>photos/{i}/thumbnail</c>); <c>vectors</c> holds
/// the first vector of each space and <c>moreVectors</c> the others (the photos after the first), in photo order.
/// </summary>
public sealed record ProductResponse(
    string Id,
    string? Title,
    string? Category,
    IReadOnlyDictionary<string, AttributeValue> Attributes,
    IReadOnlyDictionary<string, float[]> Vectors,
    int Photos,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<IReadOnlyList<string>>? SceneText,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, float[][]>? MoreVectors = null);

/// <summary>Photos to add to a stored product: <c>image</c> / <c>images</c> (base64) and/or <c>imagePath</c> / <c>imagePaths</c>.</summary>
public sealed record AddPhotosRequest(string? Image = null, List<string?>? Images = null, string? ImagePath = null, List<string?>? ImagePaths = null);

/// <summary>The product's photo count after a photo was added or removed.</summary>
public sealed record PhotosResponse(string Id, int Photos);

/// <summary>
/// A query: explicit <c>vectors</c> per space, and/or <c>text</c> and <c>image</c> (base64) encoded with the
/// collection's model, and/or <c>positive</c> / <c>negative</c> example product ids (a recommendation). A product's
/// score is the weighted sum over spaces (weights default to 1) of its best cosine there (its best photo). One hit
/// per product; <c>offset</c> skips that many (pages concatenated equal one big page); <c>minScore</c> drops
/// products below it; <c>filter</c> keeps products matching it (see the README).
/// </summary>
public sealed record SearchRequest(
    Dictionary<string, float[]?>? Vectors,
    Dictionary<string, float>? Weights,
    int? K,
    JsonElement? Filter,
    string? Text = null,
    string? Image = null,
    int? Offset = null,
    float? MinScore = null,
    List<string?>? Positive = null,
    List<string?>? Negative = null,
    List<string?>? Facets = null,
    int? FacetLimit = null,
    string? Mode = null,
    FusionRequest? Fusion = null,
    Dictionary<string, float>? KeywordWeights = null,
    JsonElement? Adapter = null,
    int? Ef = null);

/// <summary>How a hybrid search fuses its two rankings: <c>{"method": "rrf"}</c> (default, k = 60) or <c>{"method": "weighted", "alpha": 0.5}</c>.</summary>
public sealed record FusionRequest(string? Method, double? Alpha = null, int? K = null);

/// <summary>One facet value (its JSON type kept: a string, number or boolean) and how many matching products have it.</summary>
public sealed record FacetValueResponse(object Value, long Count);

/// <summary>Several searches of one collection answered in one fan-out (<c>POST …/search/batch</c>).</summary>
public sealed record BatchSearchRequest(List<SearchRequest?>? Searches);

/// <summary>
/// One product found. <c>matchedPhoto</c>: the photo whose vector matched best (photo queries); <c>sources</c> (hybrid
/// search): which rankings found it, <c>vector</c> and/or <c>keyword</c>.
/// </summary>
public sealed record SearchHitResponse(
    string Id,
    float Score,
    string? Title,
    string? Category,
    int Shard,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MatchedPhoto = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Sources = null);

public sealed record SearchResponse(
    IReadOnlyList<SearchHitResponse> Hits,
    bool Partial,
    IReadOnlyList<int> MissingShards,
    double TookMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, IReadOnlyList<FacetValueResponse>>? Facets = null,
    int? Adapter = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? ReadText = null);

public sealed record BatchSearchResponse(IReadOnlyList<SearchResponse> Results, double TookMs);
