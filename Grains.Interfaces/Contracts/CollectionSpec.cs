using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>
/// The fixed settings of a collection: its shard count, its vector spaces, the model that encodes its
/// products' content when it was created with one (<c>default</c>, a configured name or a manifest path),
/// and how shards quantize vectors (<c>null</c> = none, exact float32 scan). <see cref="Generation"/> is set by the
/// catalog store when the collection is created and differs for a collection deleted and created again under the
/// same name, so a write meant for the old one can never land in the new one (empty for collections created
/// before generations existed). The wire form of the engine's collection settings, which also compare them.
/// </summary>
[GenerateSerializer, Immutable, Alias("ums.CollectionSpec")]
public sealed record CollectionSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] int Shards,
    [property: Id(2)] ImmutableArray<VectorSpace> Spaces,
    [property: Id(3)] string? Model = null,
    [property: Id(4)] QuantizationSpec? Quantization = null,
    [property: Id(5)] string Generation = "",
    [property: Id(6)] bool SceneText = false,
    [property: Id(7)] int? ActiveAdapter = null,
    [property: Id(8)] bool AdapterAligns = false,
    [property: Id(9)] AnnIndexSpec? Index = null,
    [property: Id(10)] int Replicas = 1,
    [property: Id(11)] int RoutingVersion = 0,
    [property: Id(12)] int? ReshardTo = null,
    [property: Id(13)] bool ReshardBackfilled = false,
    [property: Id(14)] int? OldLayoutShards = null);
