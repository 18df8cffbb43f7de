using System.Collections.Immutable;
using System.Diagnostics;
using UmsOrleans.Bench.Load;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Resharding;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Bench.Replicas;

/// <summary>
/// A resharding under load: <c>--silos</c> silos in this process (a SQLite catalog in a temporary folder), a flat collection of
/// <c>--rows</c> random unit vectors of <c>--dim</c> written straight to the store in <c>--from</c> shards, loaded, then moved to
/// <c>--to</c> shards while <c>--concurrency</c> clients search (k = 10) and one client upserts. Prints the time of each phase,
/// search p50 / p99 before, during and after the move, partial answers, and the writes acknowledged during the move.
/// </summary>
public static class ReshardRunner
{
    public static async Task<int> RunAsync(Args args)
    {
        var silos = args.Int("silos", 1);
        var rows = args.Int("rows", 200_000);
        var dim = args.Int("dim", 512);
        var from = args.Int("from", 4);
        var to = args.Int("to", 8);
        var concurrency = args.Int("concurrency", 2);
        var dataDirectory = InProcessBenchCluster.NewDataDirectory(args, "reshard");
        try
        {
            var random = new Random(7);
            var clock = Stopwatch.StartNew();
            var spec = await StoreWriter.WriteAsync(dataDirectory, new CollectionSpec("reshard", from, [new VectorSpace("image", dim)]),
                Enumerable.Range(0, (rows + 4999) / 5000).Select(b => Enumerable.Range(b * 5000, Math.Min(5000, rows - b * 5000)).Select(i => Product($"p{i:D7}", SyntheticCatalog.Unit(random, dim))).ToList()));
            Console.WriteLine($"# {rows:N0} × {dim} written to the SQLite catalog in {clock.Elapsed.TotalSeconds:0.0} s; {silos} silo(s) in one process; {Environment.ProcessorCount} cores, load average {Fanout.FanoutRunner.LoadAverage()}");

            await using var bench = await InProcessBenchCluster.StartAsync(
                silos, dataDirectory, new SearchOptions { ShardTimeout = TimeSpan.FromSeconds(60) }, new Dictionary<string, string?> { ["Ums:Shard:ReshardDropDelay"] = "00:00:02" });
            var catalog = bench.Catalog;
            clock.Restart();
            await catalog.GetShardStatsAsync(spec);
            Console.WriteLine($"# {from} shards loaded in {clock.Elapsed.TotalSeconds:0.0} s");
            var queries = Enumerable.Range(0, 64).Select(_ => new ShardQuery([new QueryVector("image", 1f, SpaceVector.FromFloats("image", SyntheticCatalog.Unit(random, dim)).Data)], 10)).ToArray();
            var phase = "before";
            var latencies = new Dictionary<string, List<double>> { ["before"] = [], ["during"] = [], ["after"] = [] };
            var partial = 0;
            var failedWrites = 0;
            var moveClock = new Stopwatch();
            var slowest = new List<(double Ms, double StartedAt)>();
            var writes = new Dictionary<string, int> { ["before"] = 0, ["during"] = 0, ["after"] = 0 };
            using var stop = new CancellationTokenSource();
            var searchers = Enumerable.Range(0, concurrency).Select(c => Task.Run(async () =>
            {
                for (var n = c; !stop.IsCancellationRequested; n += concurrency)
                {
                    var current = (await catalog.GetCollectionAsync("reshard"))!;
                    var started = Stopwatch.GetTimestamp();
                    var startedAt = moveClock.Elapsed.TotalSeconds;
                    var answer = await catalog.SearchAsync(current, queries[n % queries.Length]);
                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    lock (slowest) slowest.Add((ms, startedAt));
                    if (answer.Partial) Interlocked.Increment(ref partial);
                    var list = latencies[Volatile.Read(ref phase)];
                    lock (list) list.Add(ms);
                }
            })).ToList();
            var writer = Task.Run(async () =>
            {
                var writeRandom = new Random(11);
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var current = (await catalog.GetCollectionAsync("reshard"))!;
                    var results = await catalog.UpsertAsync(current, [Product($"w{n:D7}", SyntheticCatalog.Unit(writeRandom, dim))]);
                    if (results[0].Committed) lock (writes) writes[Volatile.Read(ref phase)]++;
                    else Interlocked.Increment(ref failedWrites);
                }
            });
            await Task.Delay(TimeSpan.FromSeconds(5));
            Volatile.Write(ref phase, "during");
            clock.Restart();
            moveClock.Start();
            var progress = await catalog.ReshardAsync("reshard", to);
            var phases = new List<(ReshardPhase Phase, double At)>();
            while (progress is { Running: true })
            {
                if (phases.Count == 0 || phases[^1].Phase != progress.Phase) phases.Add((progress.Phase, clock.Elapsed.TotalSeconds));
                await Task.Delay(100);
                progress = await catalog.GetReshardingAsync("reshard") ?? progress;
            }
            var total = clock.Elapsed.TotalSeconds;
            Volatile.Write(ref phase, "after");
            await Task.Delay(TimeSpan.FromSeconds(5));
            await stop.CancelAsync();
            await Task.WhenAll([.. searchers, writer]);
            var resharded = (await catalog.GetCollectionAsync("reshard"))!;
            var held = (await catalog.GetShardStatsAsync(resharded)).Sum(s => (long)s.Products);
            Console.WriteLine($"# resharding {from} → {to}: {progress!.Phase} in {total:0.0} s (switch at {(progress.SwitchedAt - progress.StartedAt)?.TotalSeconds:0.0} s); phases began at " +
                string.Join(", ", phases.Select(p => $"{p.Phase.ToString().ToLowerInvariant()} {p.At:0.0} s")) +
                $"; {resharded.Shards} shards hold {held:N0} products ({rows + writes.Values.Sum():N0} acknowledged, {failedWrites} writes not acknowledged, which may or may not have committed); partial answers {partial}");
            Console.WriteLine("# slowest searches (ms, began at s after the resharding started): " +
                string.Join(", ", slowest.OrderByDescending(x => x.Ms).Take(5).Select(x => $"{x.Ms:0} at {x.StartedAt:0.0}")));
            Console.WriteLine($"| phase | searches | p50 ms | p99 ms | max ms | writes acknowledged |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (var (name, list) in latencies)
            {
                list.Sort();
                Console.WriteLine($"| {name} | {list.Count} | {Percentile(list, 0.5):0.0} | {Percentile(list, 0.99):0.0} | {(list.Count == 0 ? 0 : list[^1]):0.0} | {writes[name]} |");
            }
            var acknowledged = rows + writes.Values.Sum();
            return progress.Phase == ReshardPhase.Done && held >= acknowledged && held <= acknowledged + failedWrites && partial == 0 ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static ProductRecord Product(string id, float[] vector) =>
        new(id, null, null, ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("image", vector)]);
}
