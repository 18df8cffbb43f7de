using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Ann;

namespace UmsOrleans.Bench.Capacity;

/// <summary>
/// The capacity model's table (README "Capacity model"), computed from its inputs rather than by hand. Every input
/// has a default taken from a measurement on the development machine (the bench command that produced it is printed
/// next to it) or is marked an assumption; each can be overridden (<c>--name value</c>), and <c>--fanout FILE</c> /
/// <c>--ann FILE</c> read the output of the <c>fanout</c> and <c>ann</c> verbs directly (<c>--ann-memory FILE</c>: the graph's
/// bytes per row from an <c>ann</c> output, best a large run, where USearch's 8 MiB arenas weigh least).
/// </summary>
public static partial class CapacityModel
{
    private sealed record Input(string Name, double Value, string Source);

    public static int Run(Args args)
    {
        var inputs = new List<Input>();
        double In(string name, double fallback, string source)
        {
            var given = args.String(name, "");
            var value = given.Length > 0 ? double.Parse(given, CultureInfo.InvariantCulture) : fallback;
            inputs.Add(new Input(name, value, given.Length > 0 ? "given on the command line" : source));
            return value;
        }

        var dim = (int)In("dim", 512, "the issue's dimension");
        var m = (int)In("m", 16, "HNSW default m (AnnIndexSpec.DefaultM)");
        var replicas = (int)In("replicas", 2, "assumption: R = 2 (replicas are not implemented yet; the model sizes for them)");
        var headroom = In("headroom", 0.25, "assumption: Ums:Memory:BudgetBytes defaults to 75 % of the process's memory, so 25 % is left to the OS, GC and spikes");
        var siloFixedGiB = In("silo-fixed-gib", 0.5, "assumption: a silo process's own memory outside the vectors (measured GC heap ~30 MB in `memory`; 0.5 GiB keeps room for Orleans, ONNX models off)");
        var targetQps = In("target-qps", 1000, "the issue's target");

        // Memory, measured: GC heap ÷ raw fp32 vector bytes of the whole embedded system at 1M × 512 over 8 shards.
        var fp32Factor = In("fp32-held-factor", 1.078, "`bench/run-load.sh 1000000` (README Memory: GC heap ÷ raw, fp32, 1M, 8 shards)");
        var int8Factor = In("int8-held-factor", 1.331, "`bench/run-load.sh 1000000`, its int8 run (README Memory: int8 codes + fp32 copy for rescoring, GC heap ÷ raw fp32)");
        var hnswGraph = In("hnsw-graph-bytes", 1642 - AnnRows.KeyMapBytesPerRow, $"`bench/run-hnsw-comparison.sh 200000` (bench/results/2026-12-02/hnsw-200k/ours.txt): the graph's measured growth, 1642 B/row, less the {AnnRows.KeyMapBytesPerRow} B of maps counted below; AnnRows.EstimateBytesPerRow({dim}, {m}) estimates {AnnRows.EstimateBytesPerRow(dim, m, AnnPrecision.F16)} B");
        var hnswMaps = In("hnsw-map-bytes", AnnRows.KeyMapBytesPerRow, "AnnRows.KeyMapBytesPerRow: 28 B per key in the key → product map (entry and bucket) + 12 B per product (first key, count)");

        // Speed per core, measured (README Performance; this 2-core Zen 1 machine).
        var flatSingle = In("flat-single-mvps", 5.77, "`bench/run-faiss-comparison.sh 1000000 3 512 768` fp32-single, 1M × 512: M vectors·queries/s on one core (0.92 × read bandwidth)");
        var flatBatch = In("flat-batch-mvps", 32.97, "same run, fp32-batch32 (micro-batched shards under load): M vectors·queries/s on one core");
        var int8Single = In("int8-single-mvps", 16.76, "same run, int8-single + fp32 rescore, 1M × 512");
        var latencyTargetMs = In("shard-scan-ms", 50, "assumption: the slowest shard's single-query scan should stay under 50 ms (sets rows per exact shard)");

        // HNSW, measured by `ann` (recall@10 ≥ 0.95 at the smallest such ef).
        var annRows = In("ann-rows", 50_000, "`bench/run-hnsw-comparison.sh 50000` (`ann`, M 16, efConstruction 200, intrinsic-32 vectors; bench/results/2026-12-02/hnsw-50k)");
        var annQps = In("ann-qps", 1173, "same run: single-thread q/s at recall@10 0.95, interpolated between ef 64 and 128");
        var annRecall = In("ann-recall", 0.95, "same run");
        var annBuild = In("ann-build-rows-per-s", 2256, "same run: graph build rows/s on 2 cores");
        if (args.String("ann", "") is { Length: > 0 } annFile) (annRows, annQps, annRecall, annBuild) = ReadAnn(annFile, inputs);
        if (args.String("ann-memory", "") is { Length: > 0 } memoryFile) hnswGraph = ReadGraphBytes(memoryFile, inputs, dim, m);
        var hnswShardRows = In("hnsw-shard-rows", 4_000_000, "assumption: at most 4M rows per HNSW shard (a rebuild from scratch then takes rows ÷ build rate; normal starts load the saved graph in seconds)");

        // Fan-out, measured by `fanout` (6 silo processes + client gateway on 2 cores, 20k × 512).
        var fanP50PerShard = In("fanout-p50-ms-per-shard", 0.0925, "`fanout --silos 6 --shards 6,12,24,48 --rows 20000 --seconds 4` (bench/results/2026-12-02/fanout.txt): least-squares slope of 1-client p50");
        var fanP50Fixed = In("fanout-p50-ms-fixed", 3.255, "same run: intercept of 1-client p50 (HTTP, JSON, gateway, merge)");
        var fanBusyPerShard = In("fanout-busy-ms-per-shard", 0.08, "same run: slope of 1 / q/s at 16 clients (ms of the 2 cores per query per shard)");
        var fanBusyFixed = In("fanout-busy-ms-fixed", 0.628, "same run: intercept of 1 / q/s at 16 clients (HTTP, JSON, gateway, merge; load generator included)");
        var fanCores = In("fanout-cores", 2, "the machine the fanout verb ran on");
        if (args.String("fanout", "") is { Length: > 0 } fanFile) (fanP50PerShard, fanP50Fixed, fanBusyPerShard, fanBusyFixed, fanCores) = ReadFanout(fanFile, inputs);

        var sizes = args.String("products", "10000000,100000000,1000000000").Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var siloGiBs = args.String("silo-gib", "64,256").Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        var raw = 4.0 * dim;
        var kinds = new (string Name, double Bytes)[]
        {
            ("fp32 (exact scan)", raw * fp32Factor),
            ("int8 + fp32 rescore", raw * int8Factor),
            ($"HNSW m {m} (fp32 rows + graph)", raw * fp32Factor + hnswGraph + hnswMaps),
        };
        var busyPerShardCoreMs = fanBusyPerShard * fanCores;
        var fixedCoreMs = fanBusyFixed * fanCores;

        Console.WriteLine("#### Inputs");
        Console.WriteLine();
        Console.WriteLine("| input | value | from |");
        Console.WriteLine("|---|---:|---|");
        foreach (var i in inputs) Console.WriteLine($"| `{i.Name}` | {i.Value.ToString("G6", CultureInfo.InvariantCulture)} | {i.Source} |");
        Console.WriteLine();
        Console.WriteLine($"#### Memory per product ({dim}-d)");
        Console.WriteLine();
        Console.WriteLine("| index | bytes per product | ÷ raw fp32 |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (name, bytes) in kinds) Console.WriteLine($"| {name} | {bytes:N0} | {bytes / raw:F2} × |");
        Console.WriteLine();
        Console.WriteLine($"#### Silos, shards and speed (R = {replicas}, {headroom:P0} headroom)");
        Console.WriteLine();
        Console.WriteLine("| products | index | memory, one copy | silos (" + string.Join(" / ", siloGiBs.Select(g => $"{g:F0} GiB")) + ") | shards S | rows per shard | core-ms per query | q/s per core | cores for " + targetQps.ToString("N0", CultureInfo.InvariantCulture) + " q/s | single-query latency floor |");
        Console.WriteLine("|---:|---|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var n in sizes)
        {
            foreach (var (name, bytes) in kinds)
            {
                var oneCopy = n * bytes;
                var siloCounts = siloGiBs.Select(g => Math.Max(replicas, Math.Ceiling(replicas * oneCopy / Usable(g)))).ToArray();
                var hnsw = name.StartsWith("HNSW", StringComparison.Ordinal);
                // Shards: flat — enough that one core scans a shard within the latency target; HNSW — enough to keep a shard
                // under the rows cap; both at least one per silo of one copy (so every silo of the smallest machines holds one).
                var perShardCap = hnsw ? hnswShardRows : latencyTargetMs / 1000 * (name.StartsWith("int8", StringComparison.Ordinal) ? int8Single : flatSingle) * 1e6;
                var shards = Math.Max(Math.Ceiling(n / perShardCap), Math.Ceiling(siloCounts[0] / replicas));
                var rowsPerShard = n / shards;
                // CPU per query (core-ms): flat = every row once at the batched rate; HNSW = one graph search per shard, its cost
                // growing with log(rows) from the measured size (assumption), plus per shard the fan-out cost; plus the fixed cost.
                var searchCoreMs = hnsw
                    ? shards * 1000 / annQps * Math.Log(rowsPerShard) / Math.Log(annRows)
                    : n / (flatBatch * 1e6) * 1000;
                var coreMs = searchCoreMs + shards * busyPerShardCoreMs + fixedCoreMs;
                var qpsPerCore = 1000 / coreMs;
                // Latency floor: shards searched in parallel (one core each), plus the fan-out per shard.
                var shardMs = hnsw ? 1000 / annQps * Math.Log(rowsPerShard) / Math.Log(annRows)
                    : rowsPerShard / ((name.StartsWith("int8", StringComparison.Ordinal) ? int8Single : flatSingle) * 1e6) * 1000;
                var latency = fanP50Fixed + shardMs + shards * fanP50PerShard;
                Console.WriteLine($"| {Count(n)} | {name} | {Bytes(oneCopy)} | {string.Join(" / ", siloCounts.Select(s => $"{s:N0}"))} | {shards:N0} | {Count(rowsPerShard)} | {coreMs:N1} | {qpsPerCore:N2} | {Math.Ceiling(targetQps * coreMs / 1000):N0} | {latency:N0} ms |");
            }
        }
        Console.WriteLine();
        Console.WriteLine("#### When adding shards stops paying (exact scan, one query)");
        Console.WriteLine();
        Console.WriteLine($"Latency with S shards on S cores ≈ N·t/S + S·o (t = 1 / {flatSingle} M rows/s per core, o = {fanP50PerShard:F3} ms per shard from `fanout`): " +
            "smallest at S* = √(N·t / o); past S* (or past the cores there are) a shard adds more fan-out than it saves in scan.");
        Console.WriteLine();
        Console.WriteLine("| products | S* (fp32) | latency at S* | S* (int8) | latency at S* |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var n in sizes)
        {
            string Best(double mvps)
            {
                var tMs = 1000 / (mvps * 1e6);
                var s = Math.Sqrt(n * tMs / Math.Max(fanP50PerShard, 1e-6));
                return $"{s:N0} | {n * tMs / s + s * fanP50PerShard:N0} ms";
            }
            Console.WriteLine($"| {Count(n)} | {Best(flatSingle)} | {Best(int8Single)} |");
        }
        Console.WriteLine();
        Console.WriteLine("Formulas: bytes/product = 4·d·(held factor) [+ graph + maps for HNSW]; silos = ⌈R · N · bytes / (G · (1 − headroom) − fixed)⌉; " +
            "S = max(⌈N / rows cap⌉, ⌈silos / R⌉), rows cap = scan-ms · single-query rate (flat) or the HNSW rows cap; " +
            "core-ms/query = N / batched rate (flat) or S · (1000 / q/s₁) · ln(N/S) / ln(n₀) (HNSW) + S · fan-out core-ms + fixed core-ms; " +
            "q/s per core = 1000 / core-ms; silos ≥ R (a replica per silo); latency floor = fixed p50 + one shard's search + S · (p50 per shard).");
        return 0;

        double Usable(double gib) => (gib * (1 - headroom) - siloFixedGiB) * (1L << 30);
    }

    private static (double Rows, double Qps, double Recall, double Build) ReadAnn(string path, List<Input> inputs)
    {
        var text = File.ReadAllText(path);
        var rows = double.Parse(RowsRegex().Match(text).Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        var build = double.Parse(BuildRegex().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var points = AnnRowRegex().Matches(text).Select(x => (Recall: double.Parse(x.Groups[2].Value, CultureInfo.InvariantCulture), Qps: double.Parse(x.Groups[3].Value, CultureInfo.InvariantCulture))).ToList();
        // q/s at recall@10 = 0.95, linear between the two ef values around it (the best recall's q/s if never reached)
        points = [.. points.OrderBy(p => p.Recall)];
        var pick = points[^1];
        for (var i = 0; i + 1 < points.Count; i++)
        {
            if (points[i].Recall <= 0.95 && points[i + 1].Recall >= 0.95 && points[i + 1].Recall > points[i].Recall)
            {
                var f = (0.95 - points[i].Recall) / (points[i + 1].Recall - points[i].Recall);
                pick = (0.95, points[i].Qps + (points[i + 1].Qps - points[i].Qps) * f);
                break;
            }
        }
        inputs.RemoveAll(i => i.Name is "ann-rows" or "ann-qps" or "ann-recall" or "ann-build-rows-per-s");
        var source = $"`ann` output {Path.GetFileName(path)}";
        inputs.Add(new Input("ann-rows", rows, source));
        inputs.Add(new Input("ann-qps", pick.Qps, source + ": single-thread q/s at recall@10 0.95, interpolated between the ef values around it"));
        inputs.Add(new Input("ann-recall", pick.Recall, source));
        inputs.Add(new Input("ann-build-rows-per-s", build, source));
        return (rows, pick.Qps, pick.Recall, build);
    }

    /// <summary>The graph's bytes per row as an <c>ann</c> run measured them (its "+… MB (… B/row)"), less the maps counted apart (AnnRows.KeyMapBytesPerRow).</summary>
    private static double ReadGraphBytes(string path, List<Input> inputs, int dim, int m)
    {
        var measured = double.Parse(GraphBytesRegex().Match(File.ReadAllText(path)).Groups[1].Value, CultureInfo.InvariantCulture);
        inputs.RemoveAll(i => i.Name == "hnsw-graph-bytes");
        inputs.Add(new Input("hnsw-graph-bytes", measured - AnnRows.KeyMapBytesPerRow, $"`ann` output {path}: the graph's measured growth, {measured:F0} B/row, less the {AnnRows.KeyMapBytesPerRow} B of maps counted below; AnnRows.EstimateBytesPerRow({dim}, {m}) estimates {AnnRows.EstimateBytesPerRow(dim, m, AnnPrecision.F16)} B"));
        return measured - AnnRows.KeyMapBytesPerRow;
    }

    private static (double P50, double P50Fixed, double Busy, double Fixed, double Cores) ReadFanout(string path, List<Input> inputs)
    {
        var line = File.ReadLines(path).Last(l => l.StartsWith("# json ", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line["# json ".Length..]);
        var r = json.RootElement;
        var result = (r.GetProperty("p50MsPerShard").GetDouble(), r.GetProperty("p50MsFixed").GetDouble(), r.GetProperty("busyMsPerShard").GetDouble(), r.GetProperty("busyMsFixed").GetDouble(), (double)r.GetProperty("cores").GetInt32());
        inputs.RemoveAll(i => i.Name.StartsWith("fanout-", StringComparison.Ordinal));
        var source = $"`fanout` output {Path.GetFileName(path)} ({r.GetProperty("silos").GetInt32()} silos, {r.GetProperty("rows").GetInt32():N0} rows, load average {r.GetProperty("loadAverage").GetString()})";
        inputs.Add(new Input("fanout-p50-ms-per-shard", result.Item1, source + ": slope of 1-client p50"));
        inputs.Add(new Input("fanout-p50-ms-fixed", result.Item2, source + ": intercept of 1-client p50"));
        inputs.Add(new Input("fanout-busy-ms-per-shard", result.Item3, source + ": slope of 1 / q/s at concurrency"));
        inputs.Add(new Input("fanout-busy-ms-fixed", result.Item4, source + ": intercept of 1 / q/s at concurrency"));
        inputs.Add(new Input("fanout-cores", result.Item5, source));
        return result;
    }

    private static string Count(double n) => n >= 1e9 ? $"{n / 1e9:0.##}B" : n >= 1e6 ? $"{n / 1e6:0.##}M" : n >= 1e3 ? $"{n / 1e3:0.#}k" : $"{n:0}";

    private static string Bytes(double b) => b >= 1L << 40 ? $"{b / (1L << 40):F2} TiB" : $"{b / (1L << 30):F1} GiB";

    [GeneratedRegex(@"^([0-9,]+) × ", RegexOptions.Multiline)]
    private static partial Regex RowsRegex();

    [GeneratedRegex(@"\(([0-9.]+) B/row\)")]
    private static partial Regex GraphBytesRegex();

    [GeneratedRegex(@"graph built in [0-9.]+ s \(([0-9.]+) rows/s")]
    private static partial Regex BuildRegex();

    [GeneratedRegex(@"^\| (\d+) \| ([0-9.]+) \| [0-9.]+ ms \| ([0-9.]+) \|", RegexOptions.Multiline)]
    private static partial Regex AnnRowRegex();
}
