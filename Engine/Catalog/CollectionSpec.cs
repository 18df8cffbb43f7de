using System.Collections.Immutable;

namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// The fixed settings of a collection: its shard count, its vector spaces, the model that encodes its
/// products' content when it was created with one (<c>default</c>, a configured name or a manifest path),
/// and how shards quantize vectors (<c>null</c> = none, exact float32 scan). <see cref="Generation"/> is set by the
/// catalog store when the collection is created and differs for a collection deleted and created again under the
/// same name, so a write meant for the old one can never land in the new one (empty for collections created
/// before generations existed). <see cref="SceneText"/>: the text read from each photo (OCR) is kept with the
/// product and searched by keyword. <see cref="ActiveAdapter"/>: the version of the collection's adapters that searches use
/// (null: none; not a fixed setting, so <see cref="HasSameSettings"/> ignores it); <see cref="AdapterAligns"/>: it is an alignment,
/// so text searches photos and photos search titles. <see cref="Index"/>: how shards find nearest rows (null: flat, the exact scan).
/// <see cref="Replicas"/>: how many activations hold each shard, on distinct silos while there are enough (not a fixed setting:
/// changed with <c>PATCH /collections/{name}</c>). <see cref="RoutingVersion"/>: how many times the shard count changed; it is part of
/// every shard's grain key, so the shards of one layout never take another layout's products. <see cref="ReshardTo"/>: the shard count
/// a resharding under way moves to (under routing version <see cref="RoutingVersion"/> + 1), or null; <see cref="ReshardBackfilled"/>:
/// every product's shard in that layout is recorded, so its shards may load (none loads before: it would miss products).
/// <see cref="OldLayoutShards"/>: after a resharding's switch, the shard count of the layout it left (routing version
/// <see cref="RoutingVersion"/> − 1) until that layout is dropped, so a drop interrupted by a lost silo is finished later.
/// </summary>
public sealed record CollectionSpec(
    string Name,
    int Shards,
    ImmutableArray<VectorSpace> Spaces,
    string? Model = null,
    QuantizationSpec? Quantization = null,
    string Generation = "",
    bool SceneText = false,
    int? ActiveAdapter = null,
    bool AdapterAligns = false,
    AnnIndexSpec? Index = null,
    int Replicas = 1,
    int RoutingVersion = 0,
    int? ReshardTo = null,
    bool ReshardBackfilled = false,
    int? OldLayoutShards = null)
{
    /// <summary>The layout a resharding under way builds: <see cref="ReshardTo"/> shards under the next routing version, nothing moving; null when none runs.</summary>
    public CollectionSpec? NextLayout => ReshardTo is { } shards ? this with { Shards = shards, RoutingVersion = RoutingVersion + 1, ReshardTo = null, ReshardBackfilled = false, OldLayoutShards = null } : null;

    /// <summary>The layout a resharding switched away from and has not dropped yet; null when there is none.</summary>
    public CollectionSpec? OldLayout => OldLayoutShards is { } shards ? this with { Shards = shards, RoutingVersion = RoutingVersion - 1, OldLayoutShards = null } : null;

    /// <summary>The next layout once its backfill is complete, so its shards may load and take writes (before, a shard of it would miss products); else null.</summary>
    public CollectionSpec? LoadableNextLayout => ReshardBackfilled ? NextLayout : null;

    /// <summary>Most replicas a collection may ask for.</summary>
    public const int MaxReplicas = 8;

    /// <summary>The index in force: <see cref="AnnIndexSpec.Flat"/> when not set.</summary>
    public AnnIndexSpec EffectiveIndex => Index ?? AnnIndexSpec.Flat;

    /// <summary>The quantization in force: <see cref="QuantizationSpec.None"/> when not set.</summary>
    public QuantizationSpec EffectiveQuantization => Quantization ?? QuantizationSpec.None;

    /// <summary>
    /// The space whose vectors are the products' photos (photo i = its i-th vector there): <c>image</c> when the
    /// collection has it (every model's photo field encodes to it), else the first space.
    /// </summary>
    public string PhotoSpace => FindSpace("image")?.Name ?? (Spaces.IsDefaultOrEmpty ? "image" : Spaces[0].Name);

    public VectorSpace? FindSpace(string name)
    {
        foreach (var space in Spaces)
        {
            if (space.Name == name) return space;
        }
        return null;
    }

    /// <summary>Same shard count, the same spaces (order-insensitive), the same model, quantization, index and scene-text setting (any generation).</summary>
    public bool HasSameSettings(CollectionSpec other) =>
        Shards == other.Shards
        && string.Equals(Model, other.Model, StringComparison.Ordinal)
        && EffectiveQuantization == other.EffectiveQuantization
        && EffectiveIndex == other.EffectiveIndex
        && SceneText == other.SceneText
        && Spaces.Length == other.Spaces.Length
        && Spaces.All(s => other.FindSpace(s.Name) is { } o && o.Dimension == s.Dimension);
}
