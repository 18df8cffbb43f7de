using System.Collections.Immutable;
using UmsOrleans.Bench.Load;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Bench.Replicas;

/// <summary>
/// What one slow replica costs searches: <c>--silos</c> silos in this process (Orleans's in-process test cluster, a SQLite
/// catalog in a temporary folder), a collection of <c>--shards</c> shards with two replicas apart and one with one replica,
/// each <c>--rows</c> random unit vectors of <c>--dim</c>. Then, per <c>--delay-ms</c>, every search call to a shard replica on
/// one silo waits that long first (a silo that is slow: GC, a noisy neighbour), and <c>--concurrency</c> clients search
/// (k = 10) through the cluster catalog for <c>--seconds</c>: p50, p99 and their ratio with two replicas (least busy first,
/// hedged after <c>--hedge-ms</c>) against one.
/// </summary>
public static class SlowReplicaRunner
{
    public static async Task<int> RunAsync(Args args)
    {
        var silos = args.Int("silos", 3);
        var shards = args.Int("shards", 4);
        var rows = args.Int("rows", 20_000);
        var dim = args.Int("dim", 128);
        var delays = args.Ints("delay-ms", [0, 50, 500]);
        var seconds = args.Int("seconds", 10);
        var concurrency = args.Int("concurrency", 4);
        var hedge = TimeSpan.FromMilliseconds(args.Int("hedge-ms", 200));
        var dataDirectory = InProcessBenchCluster.NewDataDirectory(args, "slow-replica");
        var bench = await InProcessBenchCluster.StartAsync(
            silos, dataDirectory, new SearchOptions { ShardTimeout = TimeSpan.FromSeconds(30), HedgeDelay = hedge }, configure: silo => silo.AddIncomingGrainCallFilter<SlowSiloFilter>());
        var (cluster, catalog) = (bench.Cluster, bench.Catalog);
        try
        {
            var random = new Random(7);
            var vectors = Enumerable.Range(0, rows).Select(_ => SyntheticCatalog.Unit(random, dim)).ToList();
            var two = await CreateAsync(catalog, "slow-r2", shards, 2, vectors);
            var one = await CreateAsync(catalog, "slow-r1", shards, 1, vectors);
            var states = await catalog.GetReplicaStatesAsync(two);
            var single = await catalog.GetReplicaStatesAsync(one);
            // The slow silo: the one holding most replicas of both collections.
            var slowSilo = states.Concat(single).GroupBy(s => s.Stats!.Silo).OrderByDescending(g => g.Count()).First().Key;
            SlowSiloFilter.Slow = cluster.Silos.First(s => s.SiloAddress.ToString() == slowSilo).SiloAddress;
            Console.WriteLine($"# {silos} silos in one process, {rows:N0} × {dim} over {shards} shards; slow silo {slowSilo} holds " +
                $"{states.Count(s => s.Stats!.Silo == slowSilo)} of {states.Count} replicas (2 replicas) and {single.Count(s => s.Stats!.Silo == slowSilo)} of {shards} shards (1 replica); " +
                $"hedge delay {hedge.TotalMilliseconds:0} ms; {Environment.ProcessorCount} cores, load average {Fanout.FanoutRunner.LoadAverage()}");
            var queries = Enumerable.Range(0, 64).Select(_ => new ShardQuery([new QueryVector("image", 1f, SpaceVector.FromFloats("image", SyntheticCatalog.Unit(random, dim)).Data)], 10)).ToArray();
            Console.WriteLine($"| replica delay on one silo, ms | replicas | {concurrency} clients: q/s | p50 ms | p99 ms | p99 / p50 | partial |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var delay in delays)
            {
                SlowSiloFilter.DelayMs = delay;
                foreach (var spec in new[] { two, one })
                {
                    var partial = 0;
                    async Task<bool> Search(int n)
                    {
                        var result = await catalog.SearchAsync(spec, queries[n % queries.Length]);
                        if (result.Partial) Interlocked.Increment(ref partial);
                        return !result.Partial;
                    }
                    await ClosedLoop.RunAsync(concurrency, 1_000_000, TimeSpan.FromSeconds(5), Search); // warm-up: JIT, replicas' latencies learnt
                    partial = 0;
                    var measured = await ClosedLoop.RunAsync(concurrency, 1_000_000, TimeSpan.FromSeconds(seconds), Search);
                    Console.WriteLine($"| {delay} | {spec.Replicas} | {measured.QueriesPerSecond:F0} | {measured.P50Ms:F2} | {measured.P99Ms:F2} | {measured.P99Ms / measured.P50Ms:F1} | {partial} |");
                }
            }
            return 0;
        }
        finally
        {
            SlowSiloFilter.DelayMs = 0;
            await bench.DisposeAsync();
        }
    }

    private static async Task<CollectionSpec> CreateAsync(ClusterCatalog catalog, string name, int shards, int replicas, List<float[]> vectors)
    {
        var spec = new CollectionSpec(name, shards, [new VectorSpace("image", vectors[0].Length)]) { Replicas = replicas };
        await catalog.CreateCollectionAsync(spec);
        foreach (var batch in vectors.Select((v, i) => new ProductRecord($"p{i}", null, null, ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("image", v)])).Chunk(1000))
        {
            var written = await catalog.UpsertAsync(spec, batch);
            if (written.FirstOrDefault(w => !w.Committed) is { } failed) throw new InvalidOperationException($"{name}: {failed.Id} not written: {failed.Error}");
        }
        // Both replicas of each shard apart and loaded before anything is measured.
        for (var wait = 0; wait < 120; wait++)
        {
            var states = await catalog.GetReplicaStatesAsync(spec);
            if (states.All(s => s.Stats is not null) && states.GroupBy(s => s.Shard).All(g => g.Select(s => s.Stats!.Silo).Distinct().Count() == replicas)) return spec;
            await Task.Delay(500);
        }
        throw new InvalidOperationException($"{name}: replicas not apart within 60 s");
    }

    /// <summary>Delays every search call to a shard replica on <see cref="Slow"/> by <see cref="DelayMs"/>.</summary>
    private sealed class SlowSiloFilter(ILocalSiloDetails local) : IIncomingGrainCallFilter
    {
        public static volatile SiloAddress? Slow;
        public static volatile int DelayMs;

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            if (DelayMs > 0 && local.SiloAddress.Equals(Slow) && context.Grain is IGalleryShardGrain && context.InterfaceMethod.Name is "Search" or "SearchBatch")
            {
                await Task.Delay(DelayMs);
            }
            await context.Invoke();
        }
    }
}
