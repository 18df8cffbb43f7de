namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// How a collection's shards find a query's nearest rows. <c>Flat</c> (the default): an exact scan of every row.
/// <c>Hnsw</c>: a graph per raw vector space (USearch), built when the shard loads and kept current by every write;
/// <see cref="M"/> links per node, <see cref="EfConstruction"/> candidates while linking, <see cref="Ef"/> candidates
/// while searching (a query may ask for another). Filters, groups and scores stay exact (see ShardIndex.Ann.cs).
/// </summary>
public sealed record AnnIndexSpec(AnnIndexType Type, int M = AnnIndexSpec.DefaultM, int EfConstruction = AnnIndexSpec.DefaultEfConstruction, int Ef = AnnIndexSpec.DefaultEf)
{
    public const int DefaultM = 16;
    public const int DefaultEfConstruction = 200;
    public const int DefaultEf = 64;
    public const int MinM = 2;
    public const int MaxM = 128;
    public const int MinEf = 1;
    public const int MaxEf = 4096;

    public static AnnIndexSpec Flat { get; } = new(AnnIndexType.Flat);

    public static AnnIndexSpec Hnsw(int m = DefaultM, int efConstruction = DefaultEfConstruction, int ef = DefaultEf) =>
        new(AnnIndexType.Hnsw, m, efConstruction, ef);
}

public enum AnnIndexType
{
    Flat = 0,
    Hnsw = 1,
}
