using System.Text.Json;
using System.Text.Json.Serialization;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Snapshots;

/// <summary>
/// <c>manifest.json</c> of a snapshot folder: the format version, the collection's settings, when it was taken, and the
/// data file's product count, size and SHA-256 (lower-case hex). A reader refuses any other
/// <see cref="FormatVersion"/> and a data file whose size, count or checksum differ.
/// </summary>
public sealed record SnapshotManifest(
    int FormatVersion,
    string Collection,
    SnapshotSettings Settings,
    DateTimeOffset CreatedAt,
    long Products,
    string DataFile,
    long DataBytes,
    string DataSha256)
{
    public const int CurrentFormatVersion = 1;

    public const string FileName = "manifest.json";

    public const string DefaultDataFile = "products.jsonl";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };
}

/// <summary>A collection's settings as a snapshot keeps them (its generation is not kept: a restore makes a new one).</summary>
public sealed record SnapshotSettings(int Shards, IReadOnlyList<SnapshotSpace> Spaces, string? Model, SnapshotQuantization? Quantization)
{
    public static SnapshotSettings Of(CollectionSpec spec) => new(
        spec.Shards,
        [.. spec.Spaces.Select(s => new SnapshotSpace(s.Name, s.Dimension))],
        spec.Model,
        spec.Quantization is { Type: not QuantizationType.None } q ? new SnapshotQuantization(q.Type.ToString().ToLowerInvariant(), q.Oversample) : null);

    /// <exception cref="InvalidSnapshotException">The settings cannot make a collection.</exception>
    public CollectionSpec ToSpec(string name)
    {
        if (Shards < 1) throw new InvalidSnapshotException("manifest.settings.shards", $"must be at least 1, not {Shards}.");
        if (Spaces is null || Spaces.Count == 0) throw new InvalidSnapshotException("manifest.settings.spaces", "must name at least one space.");
        foreach (var space in Spaces)
        {
            if (string.IsNullOrEmpty(space.Name) || space.Dimension < 1)
            {
                throw new InvalidSnapshotException("manifest.settings.spaces", $"space '{space.Name}' with dimension {space.Dimension} is not valid.");
            }
        }
        QuantizationSpec? quantization = null;
        if (Quantization is { } q)
        {
            if (!Enum.TryParse<QuantizationType>(q.Type, ignoreCase: true, out var type))
            {
                throw new InvalidSnapshotException("manifest.settings.quantization", $"unknown quantization type '{q.Type}'.");
            }
            quantization = new QuantizationSpec(type, q.Oversample);
        }
        return new CollectionSpec(name, Shards, [.. Spaces.Select(s => new VectorSpace(s.Name, s.Dimension))], Model, quantization);
    }
}

public sealed record SnapshotSpace(string Name, int Dimension);

public sealed record SnapshotQuantization(string Type, int Oversample);
