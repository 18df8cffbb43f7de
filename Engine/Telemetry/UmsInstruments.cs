using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Engine.Telemetry;

/// <summary>
/// Our meter and activity source, both named <see cref="Name"/>: plain <c>System.Diagnostics</c> instruments,
/// free when nobody listens. The hosts register the name with OpenTelemetry (see UmsTelemetry in the grains).
/// </summary>
public static class UmsInstruments
{
    public const string Name = "UmsOrleans";
    public const string CollectionTag = "ums.collection";
    public const string ShardTag = "ums.shard";

    private static readonly ConditionalWeakTable<MemoryBudget, object?> Budgets = [];

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    // The SDK's default buckets (0, 5, 10, … 10000) suit milliseconds; ours are seconds, as OpenTelemetry names durations.
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    public static readonly Histogram<double> SearchDuration = Meter.CreateHistogram(
        "ums.search.duration", "s", "A search fanned out over a collection's shards and merged, as the gateway saw it.", advice: SecondsBuckets);

    public static readonly Histogram<double> ShardScanDuration = Meter.CreateHistogram(
        "ums.shard.scan.duration", "s", "One pass of a shard over its memory for a batch of queries.", advice: SecondsBuckets);

    public static readonly Counter<long> PartialAnswers = Meter.CreateCounter<long>(
        "ums.search.partial", "{answer}", "Answers missing at least one shard (failed or late).");

    public static readonly Histogram<int> EncoderBatchSize = Meter.CreateHistogram<int>(
        "ums.encoder.batch.size", "{item}", "Items an encoder runs in one batch.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    public static readonly UpDownCounter<long> EncoderQueueLength = Meter.CreateUpDownCounter<long>(
        "ums.encoder.queue.length", "{item}", "Items waiting for an encoder batch.");

    public static readonly Counter<long> ProductsWritten = Meter.CreateCounter<long>(
        "ums.ingest.products.written", "{product}", "Products committed by a write (HTTP upsert or ingestion).");

    public static readonly Counter<long> ProductsFailed = Meter.CreateCounter<long>(
        "ums.ingest.products.failed", "{product}", "Products a write did not commit, by status.");

    static UmsInstruments()
    {
        Meter.CreateObservableGauge("ums.memory.reserved", () => Sum(b => b.ReservedBytes), "By", "Vector bytes reserved by this process's shards.");
        Meter.CreateObservableGauge("ums.memory.budget", () => Sum(b => b.LimitBytes), "By", "The memory budget of this process's shards (0: unlimited).");
    }

    /// <summary>Reports <paramref name="budget"/> in the memory gauges for as long as it lives.</summary>
    public static MemoryBudget Observe(MemoryBudget budget)
    {
        Budgets.AddOrUpdate(budget, null);
        return budget;
    }

    public static TagList Collection(string collection) => new() { { CollectionTag, collection } };

    /// <summary>A shard's batch scan, timed into <see cref="ShardScanDuration"/>.</summary>
    public static Func<IReadOnlyList<TQuery>, CancellationToken, IReadOnlyList<TResult>> TimedScan<TQuery, TResult>(
        string collection, Func<IReadOnlyList<TQuery>, CancellationToken, IReadOnlyList<TResult>> scan) => (queries, cancellationToken) =>
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return scan(queries, cancellationToken);
        }
        finally
        {
            ShardScanDuration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds, Collection(collection));
        }
    };

    // Several silos in one process (test clusters) each hold a budget: the process total is what the gauge means.
    private static long Sum(Func<MemoryBudget, long> read)
    {
        long total = 0;
        foreach (var (budget, _) in Budgets) total += read(budget);
        return total;
    }
}
