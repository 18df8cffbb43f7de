using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Search;

public sealed partial class ShardIndex
{
    /// <summary>Products projected per pass while a projection is built: the pass's source rows are projected on every core.</summary>
    private const int ProjectionChunkProducts = 4096;

    private Dictionary<int, AdapterProjection> _projections = [];
    private long _writes;

    /// <summary>How many upserts and removals this index has taken: a saved graph older than this count misses some.</summary>
    public long Writes => _writes;

    /// <summary>How a derived space is filled: by adapter <paramref name="Version"/>'s map from the raw space at <paramref name="Source"/>.</summary>
    internal sealed record Derivation(int Version, int Source, LinearMap Map);

    /// <summary>The adapter versions whose projections this shard holds (searchable with <see cref="ShardQuery.Adapter"/>).</summary>
    public IReadOnlyCollection<int> AdapterVersions => _projections.Keys;

    /// <summary>
    /// Projects every product's vectors for <paramref name="projection"/> into new derived spaces, reserved from the memory
    /// budget, without touching what searches read; <see cref="Install"/> makes them searchable. Reads only, so it may run
    /// while searches do, but no write may run until it is installed (or discarded).
    /// </summary>
    /// <exception cref="ArgumentException">The adapter reads a space this shard lacks, or with another dimension.</exception>
    /// <exception cref="MemoryBudgetExceededException">The projected vectors do not fit; nothing stays reserved.</exception>
    public PreparedProjection PrepareProjection(AdapterProjection projection, CancellationToken cancellationToken = default)
    {
        if (_projections.ContainsKey(projection.Version)) throw new InvalidOperationException($"adapter {projection.Version} is installed already.");
        AdapterProjection.EnsureFits(projection.Adapter, RawSpaces.Select(s => new VectorSpace(s.Name, s.Dimension)), "this shard");
        var spaces = new List<SpaceRows>();
        var derivations = new List<Derivation>();
        try
        {
            foreach (var (name, map) in projection.DerivedSpaces)
            {
                var source = _spaceByName[map.SourceSpace];
                var rows = new SpaceRows(name, map.OutputDimension, quantized: false, _budget);
                spaces.Add(rows);
                derivations.Add(new Derivation(projection.Version, source, map));
                Fill(rows, _spaces[source], map, cancellationToken);
            }
        }
        catch
        {
            foreach (var space in spaces) space.ReleaseMemory();
            throw;
        }
        return new PreparedProjection(projection, [.. spaces], [.. derivations], _writes);
    }

    /// <summary>Makes a prepared projection searchable and kept current by every later write.</summary>
    public void Install(PreparedProjection prepared)
    {
        if (prepared.Writes != _writes)
        {
            prepared.Discard();
            throw new InvalidOperationException("the shard was written while the projection was prepared; prepare it again.");
        }
        // Arrays before the name map: a search that finds a new name must find its rows.
        _derivations = [.. _derivations, .. prepared.Derivations];
        _spaces = [.. _spaces, .. prepared.Spaces];
        Volatile.Write(ref _spaceByName, SpaceIndex(_spaces));
        Volatile.Write(ref _projections, new Dictionary<int, AdapterProjection>(_projections) { [prepared.Projection.Version] = prepared.Projection });
    }

    /// <summary>Drops the projection of adapter <paramref name="version"/> and gives its memory back; false when it was not installed.</summary>
    public bool RemoveProjection(int version)
    {
        if (!_projections.ContainsKey(version)) return false;
        var keep = Enumerable.Range(0, _spaces.Length).Where(s => _derivations[s]?.Version != version).ToArray();
        foreach (var s in Enumerable.Range(0, _spaces.Length).Except(keep)) _spaces[s].ReleaseMemory();
        var spaces = keep.Select(s => _spaces[s]).ToArray();
        var byName = SpaceIndex(spaces);
        // Derivations point at raw spaces, which keep their places.
        _projections = _projections.Where(p => p.Key != version).ToDictionary(p => p.Key, p => p.Value);
        _spaceByName = byName;
        _spaces = spaces;
        _derivations = [.. keep.Select(s => _derivations[s])];
        return true;
    }

    /// <summary>The query on the spaces of the adapter it names (unchanged when it names none).</summary>
    /// <exception cref="ArgumentException">The shard holds no projection for that adapter.</exception>
    public ShardQuery ThroughAdapter(ShardQuery query)
    {
        if (query.Adapter is not { } version) return query;
        return _projections.TryGetValue(version, out var projection) ? projection.Rewrite(query) with { Adapter = null } : throw AdapterNotInUse(version);
    }

    private static ArgumentException AdapterNotInUse(int version) =>
        new($"adapter {version} is not in use in this collection (searches use the active adapter, or \"none\").");

    private void Fill(SpaceRows target, SpaceRows source, LinearMap map, CancellationToken cancellationToken)
    {
        for (var first = 0; first < _count; first += ProjectionChunkProducts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = Math.Min(_count, first + ProjectionChunkProducts);
            var rowCount = 0;
            for (var slot = first; slot < end; slot++) rowCount += source.RowsOf(slot).Length;
            var gathered = new float[rowCount * source.Dimension];
            var at = 0;
            for (var slot = first; slot < end; slot++)
            {
                foreach (var row in source.RowsOf(slot))
                {
                    source.Vectors.Row(row).CopyTo(gathered.AsSpan(at * source.Dimension, source.Dimension));
                    at++;
                }
            }
            var projected = map.Project(new VectorRows(gathered, source.Dimension)).Data;
            at = 0;
            for (var slot = first; slot < end; slot++)
            {
                var rows = source.RowsOf(slot).Length;
                target.SetRows(slot, projected.AsSpan(at * target.Dimension, rows * target.Dimension));
                at += rows;
            }
        }
    }

    /// <summary>A product's vectors for space <paramref name="s"/>: its own, or for a derived space its source vectors projected.</summary>
    private IReadOnlyList<SpaceVector> VectorsFor(ProductRecord product, int s)
    {
        if (_derivations[s] is not { } derivation) return [.. product.VectorsOf(_spaces[s].Name)];
        var name = _spaces[s].Name;
        return [.. product.VectorsOf(_spaces[derivation.Source].Name).Select(v => SpaceVector.FromFloats(name, derivation.Map.Project(v.Values)))];
    }

    /// <summary>The space whose product vectors fill space <paramref name="s"/>: itself, or a derived space's source.</summary>
    private string SourceName(int s) => _derivations[s] is { } derivation ? _spaces[derivation.Source].Name : _spaces[s].Name;

    /// <summary>The query's vector on the photos (raw or projected) and those photos' rows, when it has one.</summary>
    private (QueryVector? Vector, SpaceRows? Photos) PhotoVector(ShardQuery query)
    {
        var spaces = _spaces;
        var derivations = _derivations;
        foreach (var vector in query.Vectors)
        {
            if (!_spaceByName.TryGetValue(vector.Space, out var s) || s >= spaces.Length) continue;
            if (s == _photoSpace || derivations[s]?.Source == _photoSpace) return (vector, spaces[s]);
        }
        return (null, null);
    }

    private static Dictionary<string, int> SpaceIndex(SpaceRows[] spaces) =>
        spaces.Select((space, i) => (space.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);

    /// <summary>Projected spaces built by <see cref="PrepareProjection"/>, not yet installed.</summary>
    public sealed class PreparedProjection
    {
        internal PreparedProjection(AdapterProjection projection, SpaceRows[] spaces, Derivation[] derivations, long writes)
        {
            Projection = projection;
            Spaces = spaces;
            Derivations = derivations;
            Writes = writes;
        }

        public AdapterProjection Projection { get; }

        /// <summary>Bytes reserved for the projected vectors.</summary>
        public long ReservedBytes => Spaces.Sum(s => s.ReservedBytes);

        internal SpaceRows[] Spaces { get; }

        internal Derivation[] Derivations { get; }

        internal long Writes { get; }

        /// <summary>Gives the reserved memory back (the projection will not be installed).</summary>
        public void Discard()
        {
            foreach (var space in Spaces) space.ReleaseMemory();
        }
    }
}
