using System.Collections.Immutable;
using System.Text.Json;
using UmsOrleans.Contracts;

namespace UmsOrleans.Catalog;

/// <summary>The JSON kept in the collections table for a collection's settings.</summary>
internal sealed record StoredCollectionSettings(int Shards, List<StoredSpace> Spaces, string? Model = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(CollectionSpec spec) =>
        JsonSerializer.Serialize(new StoredCollectionSettings(spec.Shards, spec.Spaces.Select(s => new StoredSpace(s.Name, s.Dimension)).ToList(), spec.Model), Json);

    public static CollectionSpec Deserialize(string name, string json)
    {
        var settings = JsonSerializer.Deserialize<StoredCollectionSettings>(json, Json)
            ?? throw new InvalidDataException($"collection '{name}' has empty settings in the catalog.");
        return new CollectionSpec(name, settings.Shards, settings.Spaces.Select(s => new VectorSpace(s.Name, s.Dimension)).ToImmutableArray(), settings.Model);
    }
}

internal sealed record StoredSpace(string Name, int Dimension);
