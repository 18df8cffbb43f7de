using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Engine.Adaptation;

/// <summary>
/// A version of a collection's adapter as shards use it. Each map of the adapter gives the shard a derived space
/// (<see cref="SpaceName"/>: the source space's vectors projected, kept beside the raw ones), and a query naming the
/// version is rewritten onto those spaces: an adaptation replaces the source space by its adapted one; an alignment
/// keeps every raw vector and adds, through the shared space, the other modality (a text query also scores the
/// products' projected photos, a photo query their projected titles).
/// </summary>
public sealed class AdapterProjection
{
    public AdapterProjection(int version, Adapter adapter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        Version = version;
        Adapter = adapter;
    }

    public int Version { get; }

    public Adapter Adapter { get; }

    /// <summary>Each derived space with the map that fills it from its source space.</summary>
    public IEnumerable<(string Space, LinearMap Map)> DerivedSpaces => Adapter.Maps.Select(map => (SpaceName(Version, map.SourceSpace), map));

    /// <summary>The name a shard gives the projection of <paramref name="source"/> by adapter <paramref name="version"/>; no collection space has an '@'.</summary>
    public static string SpaceName(int version, string source) => $"{source}@adapter{version}";

    /// <summary>Throws <see cref="ArgumentException"/> unless every space the adapter reads is one of <paramref name="spaces"/> with the dimension it expects.</summary>
    /// <param name="holder">Who holds <paramref name="spaces"/>, as the message names it (<c>collection 'shop'</c>, <c>this shard</c>).</param>
    public static void EnsureFits(Adapter adapter, IEnumerable<VectorSpace> spaces, string holder)
    {
        var byName = spaces.ToDictionary(s => s.Name, s => s.Dimension, StringComparer.Ordinal);
        foreach (var map in adapter.Maps)
        {
            if (!byName.TryGetValue(map.SourceSpace, out var dimension))
            {
                throw new ArgumentException($"the adapter reads space '{map.SourceSpace}', which {holder} does not have.");
            }
            if (dimension != map.InputDimension)
            {
                throw new ArgumentException($"the adapter reads {map.InputDimension}-d '{map.SourceSpace}' vectors; {holder} holds {dimension}-d ones.");
            }
        }
    }

    /// <summary>The query on the derived spaces (see the class summary); vectors of spaces the adapter does not read stay as they are.</summary>
    public ShardQuery Rewrite(ShardQuery query)
    {
        var vectors = ImmutableArray.CreateBuilder<QueryVector>();
        foreach (var vector in query.Vectors)
        {
            var map = Adapter.Maps.FirstOrDefault(m => m.SourceSpace == vector.Space);
            if (map is null)
            {
                vectors.Add(vector);
                continue;
            }
            var projected = SpaceVector.FromFloats(vector.Space, map.Project(vector.Values)).Data;
            if (Adapter.Kind == AdapterKind.Adapt)
            {
                vectors.Add(new QueryVector(SpaceName(Version, vector.Space), vector.Weight, projected));
                continue;
            }
            vectors.Add(vector);
            foreach (var other in Adapter.Maps.Where(m => m.SourceSpace != vector.Space))
            {
                vectors.Add(new QueryVector(SpaceName(Version, other.SourceSpace), vector.Weight, projected));
            }
        }
        return query with { Vectors = vectors.ToImmutable() };
    }
}
