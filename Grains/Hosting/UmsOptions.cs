using System.ComponentModel.DataAnnotations;

namespace UmsOrleans.Grains.Hosting;

public enum CatalogProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Where the catalog lives (section <c>Ums</c>).</summary>
public sealed class CatalogOptions : IValidatableObject
{
    public const string Section = "Ums:Catalog";

    /// <summary><c>Sqlite</c> (embedded default) or <c>Postgres</c> (a cluster: every silo shares it).</summary>
    public CatalogProvider Provider { get; set; } = CatalogProvider.Sqlite;

    /// <summary>Folder of the SQLite file (<c>catalog.db</c>) and other local data.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Npgsql connection string, required with <c>Postgres</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    public string SqlitePath => Path.Combine(DataDirectory, "catalog.db");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == CatalogProvider.Postgres && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            yield return new ValidationResult("Ums:Catalog:PostgresConnectionString is required when Ums:Catalog:Provider is Postgres.", [nameof(PostgresConnectionString)]);
        }
        if (Provider == CatalogProvider.Sqlite && string.IsNullOrWhiteSpace(DataDirectory))
        {
            yield return new ValidationResult("Ums:Catalog:DataDirectory must name a folder.", [nameof(DataDirectory)]);
        }
    }
}

/// <summary>How much memory this silo's shards may hold (section <c>Ums:Memory</c>).</summary>
public sealed class MemoryOptions
{
    public const string Section = "Ums:Memory";

    /// <summary>
    /// Bytes all shards of this silo may hold for vectors (float32 rows and int8 codes, reserved per 512-row
    /// block), HNSW graph nodes (an estimate per row) and attribute and keyword structures. A write that would exceed it is refused with a clear error (HTTP 507) instead of the process
    /// being killed for memory. 0 = 75 % of the memory available to the process.
    /// </summary>
    [Range(0, long.MaxValue, ErrorMessage = $"{Section}:{nameof(BudgetBytes)} must not be negative (0 = 75 % of the memory available to the process).")]
    public long BudgetBytes { get; set; }

    public long EffectiveBudgetBytes => BudgetBytes > 0 ? BudgetBytes : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 * 3;
}

/// <summary>How shard grains run searches (section <c>Ums:Shard</c>).</summary>
public sealed class ShardOptions
{
    public const string Section = "Ums:Shard";

    /// <summary>Most concurrent single searches one shard answers in one pass over its memory; 1 = no micro-batching.</summary>
    [Range(1, 4096, ErrorMessage = $"{Section}:{nameof(MaxSearchBatch)} must be from {{1}} to {{2}}.")]
    public int MaxSearchBatch { get; set; } = 256;

    /// <summary>
    /// Folder where shards of HNSW collections save their graphs (one folder per collection and shard), so a shard
    /// starts from its saved graph instead of rebuilding it (hundreds of rows a second per core). Null: <c>ann-cache</c>
    /// under <c>Ums:Catalog:DataDirectory</c>. Local to the silo: a shard placed elsewhere rebuilds once there.
    /// </summary>
    public string? AnnCacheDirectory { get; set; }

    /// <summary>
    /// How long a primary waits for another replica to apply a write (and again for it to reload from the store when it did
    /// not) before the write is answered as not acknowledged. Below <c>Ums:Search:ShardTimeout</c>, so the caller hears why.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = $"{Section}:{nameof(ReplicaApplyTimeout)} must be from 00:00:00.010 to 00:10:00.")]
    public TimeSpan ReplicaApplyTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How often a shard of an HNSW collection saves its graph when writes changed it since the last save (besides after
    /// each build and at deactivation), so a silo that crashes starts from a recent graph instead of reconciling an old one.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = $"{Section}:{nameof(AnnSaveInterval)} must be from 00:00:01 to 1.00:00:00.")]
    public TimeSpan AnnSaveInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether shard replicas move to a silo that joins the cluster, so memory per silo evens out.</summary>
    public bool RebalanceOnJoin { get; set; } = true;

    /// <summary>How long after a silo joined the rebalance starts: silos that join together are balanced in one go.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = $"{Section}:{nameof(RebalanceDelay)} must be from 00:00:00 to 01:00:00.")]
    public TimeSpan RebalanceDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The gap in memory between the fullest and the emptiest silo, as a fraction of the mean, that a rebalance leaves as it is.</summary>
    [Range(0.0, 10.0, ErrorMessage = $"{Section}:{nameof(RebalanceTolerance)} must be from {{1}} to {{2}}.")]
    public double RebalanceTolerance { get; set; } = 0.1;

    /// <summary>How long a rebalance waits for one moved replica to answer from its new silo before it gives up on the rest.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = $"{Section}:{nameof(RebalanceMoveTimeout)} must be from 00:00:01 to 01:00:00.")]
    public TimeSpan RebalanceMoveTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long the old layout of a resharded collection keeps answering after the switch, before its shards are dropped: searches
    /// that read the settings before the switch finish on it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = $"{Section}:{nameof(ReshardDropDelay)} must be from 00:00:00 to 01:00:00.")]
    public TimeSpan ReshardDropDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many products one step of a resharding's backfill assigns to their new shard (one store transaction each).</summary>
    [Range(1, 100_000, ErrorMessage = $"{Section}:{nameof(ReshardBatch)} must be from {{1}} to {{2}}.")]
    public int ReshardBatch { get; set; } = 2000;

    public string EffectiveAnnCacheDirectory(CatalogOptions catalog) =>
        string.IsNullOrWhiteSpace(AnnCacheDirectory) ? Path.Combine(catalog.DataDirectory, "ann-cache") : AnnCacheDirectory;
}
