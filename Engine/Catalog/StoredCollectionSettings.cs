using System.Collections.Immutable;
using System.Text.Json;

namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// The JSON kept in the collections table for a collection's settings. <see cref="Model"/>,
/// <see cref="Quantization"/>, <see cref="Index"/>, <see cref="Replicas"/>, <see cref="RoutingVersion"/>, <see cref="ReshardTo"/>, <see cref="OldLayoutShards"/> and <see cref="Generation"/> are absent in settings written before they existed (no model, no
/// quantization, the empty generation).
/// </summary>
internal sealed record StoredCollectionSettings(
    int Shards, List<StoredSpace> Spaces, string? Model = null, StoredQuantization? Quantization = null, string? Generation = null, bool? SceneText = null, int? ActiveAdapter = null, bool? AdapterAligns = null, StoredIndex? Index = null, int? Replicas = null, int? RoutingVersion = null, int? ReshardTo = null, bool? ReshardBackfilled = null, int? OldLayoutShards = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(CollectionSpec spec) =>
        JsonSerializer.Serialize(new StoredCollectionSettings(
            spec.Shards,
            spec.Spaces.Select(s => new StoredSpace(s.Name, s.Dimension)).ToList(),
            spec.Model,
            spec.Quantization is { Type: not QuantizationType.None } q ? new StoredQuantization(q.Type.ToString().ToLowerInvariant(), q.Oversample) : null,
            spec.Generation.Length == 0 ? null : spec.Generation,
            spec.SceneText ? true : null,
            spec.ActiveAdapter,
            spec.AdapterAligns ? true : null,
            spec.Index is { Type: not AnnIndexType.Flat } i ? new StoredIndex(i.Type.ToString().ToLowerInvariant(), i.M, i.EfConstruction, i.Ef, i.Precision.Name()) : null,
            spec.Replicas == 1 ? null : spec.Replicas,
            spec.RoutingVersion == 0 ? null : spec.RoutingVersion,
            spec.ReshardTo,
            spec.ReshardBackfilled ? true : null,
            spec.OldLayoutShards), Json);

    public static CollectionSpec Deserialize(string name, string json)
    {
        var settings = JsonSerializer.Deserialize<StoredCollectionSettings>(json, Json)
            ?? throw new InvalidDataException($"collection '{name}' has empty settings in the catalog.");
        QuantizationSpec? quantization = null;
        if (settings.Quantization is { } stored)
        {
            if (!Enum.TryParse<QuantizationType>(stored.Type, ignoreCase: true, out var type))
            {
                throw new InvalidDataException($"collection '{name}' has an unknown quantization type '{stored.Type}' in the catalog.");
            }
            quantization = new QuantizationSpec(type, stored.Oversample);
        }
        AnnIndexSpec? index = null;
        if (settings.Index is { } storedIndex)
        {
            if (!Enum.TryParse<AnnIndexType>(storedIndex.Type, ignoreCase: true, out var indexType))
            {
                throw new InvalidDataException($"collection '{name}' has an unknown index type '{storedIndex.Type}' in the catalog.");
            }
            var precision = AnnIndexSpec.DefaultPrecision;
            if (storedIndex.Precision is { } storedPrecision && !AnnPrecisionNames.TryParse(storedPrecision, out precision))
            {
                throw new InvalidDataException($"collection '{name}' has an unknown index precision '{storedPrecision}' in the catalog.");
            }
            index = new AnnIndexSpec(indexType, storedIndex.M, storedIndex.EfConstruction, storedIndex.Ef, precision);
        }
        return new CollectionSpec(name, settings.Shards, settings.Spaces.Select(s => new VectorSpace(s.Name, s.Dimension)).ToImmutableArray(), settings.Model, quantization, settings.Generation ?? "", settings.SceneText ?? false, settings.ActiveAdapter, settings.AdapterAligns ?? false, index, settings.Replicas ?? 1, settings.RoutingVersion ?? 0, settings.ReshardTo, settings.ReshardBackfilled ?? false, settings.OldLayoutShards);
    }
}

internal sealed record StoredSpace(string Name, int Dimension);

internal sealed record StoredQuantization(string Type, int Oversample);

/// <summary><see cref="Precision"/> is absent in settings written before it existed: the default (the graph is built again once, its saved file named by precision).</summary>
internal sealed record StoredIndex(string Type, int M, int EfConstruction, int Ef, string? Precision = null);
