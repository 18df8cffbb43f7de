using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using UmsOrleans.Bench.Load;

namespace UmsOrleans.Bench.Fanout;

/// <summary>
/// What each shard of a collection costs a query, on a real multi-process cluster: <c>--silos</c> Silo processes
/// (their build output) with Redis membership (a throwaway <c>redis-server</c>) and the catalog in a throwaway
/// PostgreSQL server (<c>initdb</c> + <c>pg_ctl</c>), and one Gateway process in client mode, as README's "Running a
/// cluster" and <c>MultiProcessClusterTests</c> run them. Per <c>--shards</c> count a small collection
/// (<c>--rows</c> random unit vectors, so the scans are cheap and the per-shard overhead shows) is loaded over HTTP,
/// then searched over HTTP (k = 10): one client, then <c>--concurrency</c> clients. The fan-out cost per shard is
/// the least-squares slope of the one-client p50 against the shard count (and of the CPU time per query at
/// concurrency, 1 / q/s). All collections are loaded first, then measured in <c>--rounds</c> rounds of alternating
/// order (medians over rounds reported). Every process and temporary folder is removed at the end, on failure and on Ctrl+C too.
/// </summary>
public static class FanoutRunner
{
    private static readonly List<Process> Processes = [];
    private static string? s_pgCtl;
    private static string? s_pgData;
    private static string? s_runAs;
    private static string? s_root;
    private static readonly Lock CleanupLock = new();
    private static bool s_cleaned;

    public static async Task<int> RunAsync(Args args)
    {
        var silos = args.Int("silos", 6);
        var shardCounts = args.Ints("shards", [6, 12, 24, 48]);
        var replicaCounts = args.Ints("replicas", [1]);
        var rows = args.Int("rows", 20_000);
        var dim = args.Int("dim", 512);
        var seconds = args.Int("seconds", 5);
        var concurrency = args.Int("concurrency", 16);
        var rounds = args.Int("rounds", 2);
        var configuration = args.String("configuration", "Release");
        var repo = FindRepositoryRoot();
        var siloDll = Dll(repo, "Silo", configuration);
        var gatewayDll = Dll(repo, "Gateway", configuration);
        s_root = Path.Combine(args.String("work", "/tmp/ums-bench"), $"fanout-{Environment.ProcessId}");
        Directory.CreateDirectory(s_root);
        Console.CancelKeyPress += (_, e) => { Cleanup(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Cleanup();
        var total = Stopwatch.StartNew();
        try
        {
            var redisPort = await StartRedisAsync();
            var postgres = await StartPostgresAsync();
            string[] common =
            [
                $"--Ums:Cluster:Redis=127.0.0.1:{redisPort}",
                $"--Ums:Cluster:ClusterId=fanout-{Environment.ProcessId}",
                "--Ums:Catalog:Provider=Postgres",
                $"--Ums:Catalog:PostgresConnectionString={postgres}",
                "--Ums:Search:ShardTimeout=00:01:00",
                "--Logging:LogLevel:Default=Warning",
            ];
            var started = Stopwatch.StartNew();
            for (var i = 0; i < silos; i++)
            {
                Start(siloDll, [.. common, $"--Ums:Catalog:DataDirectory={Path.Combine(s_root, $"silo{i}")}",
                    $"--Ums:Cluster:SiloPort={FreePort()}", $"--Ums:Cluster:GatewayPort={FreePort()}"], $"silo{i}");
            }
            var httpPort = FreePort();
            Start(gatewayDll, [.. common, $"--Ums:Catalog:DataDirectory={Path.Combine(s_root, "gateway")}", "--Ums:Gateway:Mode=Client",
                "--urls", $"http://127.0.0.1:{httpPort}"], "gateway");
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, UseProxy = false })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"),
                Timeout = TimeSpan.FromMinutes(2),
            };
            await WaitForSilosAsync(http, silos, TimeSpan.FromSeconds(180));
            Console.WriteLine($"# {silos} silo processes + a client-mode gateway (Redis membership, PostgreSQL catalog) up in {started.Elapsed.TotalSeconds:F0} s; " +
                $"{Environment.ProcessorCount} cores, load average {LoadAverage()}");

            // Load every collection first, then measure in rounds that alternate the order (6, 12, …, 48, then 48, …, 6):
            // a busy spell of the machine then spreads over all shard counts instead of landing on one.
            // One collection per shard count and replica count (--replicas 1,2 compares throughput with replicas).
            var configs = shardCounts.SelectMany(shards => replicaCounts.Select(replicas => new Config(shards, replicas))).ToList();
            var loads = new Dictionary<Config, (double Seconds, int Holding)>();
            foreach (var config in configs)
            {
                var load = Stopwatch.StartNew();
                await CreateAndLoadAsync(http, config.Name, config.Shards, config.Replicas, rows, dim);
                loads[config] = (load.Elapsed.TotalSeconds, await SilosHoldingAsync(http, config.Name));
                Console.WriteLine($"# {config.Name}: {rows:N0} × {dim} over {config.Shards} shards × {config.Replicas} replicas on {loads[config].Holding} silos loaded over HTTP in {loads[config].Seconds:F0} s");
            }
            var random = new Random(5);
            var bodies = Enumerable.Range(0, 128).Select(_ => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
            {
                vectors = new Dictionary<string, float[]> { ["image"] = SyntheticCatalog.Unit(random, dim) },
                k = 10,
            }))).ToArray();
            Func<int, Task<bool>> SearchOf(string name) => async n =>
            {
                using var content = new ByteArrayContent(bodies[n % bodies.Length]);
                content.Headers.ContentType = new("application/json");
                using var response = await http.PostAsync($"/collections/{name}/search", content);
                var body = await response.Content.ReadAsStringAsync();
                return response.IsSuccessStatusCode && !body.Contains("\"partial\":true", StringComparison.Ordinal);
            };
            foreach (var config in configs) await ClosedLoop.RunAsync(4, 100_000, TimeSpan.FromSeconds(3), SearchOf(config.Name)); // warm-up: grains active, JIT
            var samples = configs.ToDictionary(c => c, _ => new List<(ClosedLoop.Result One, ClosedLoop.Result Many)>());
            for (var round = 0; round < rounds; round++)
            {
                foreach (var config in round % 2 == 0 ? configs : Enumerable.Reverse(configs))
                {
                    var one = await ClosedLoop.RunAsync(1, 100_000, TimeSpan.FromSeconds(seconds), SearchOf(config.Name));
                    var many = await ClosedLoop.RunAsync(concurrency, 100_000, TimeSpan.FromSeconds(seconds), SearchOf(config.Name));
                    samples[config].Add((one, many));
                    Console.Error.WriteLine($"round {round + 1}, {config.Shards} shards × {config.Replicas} replicas: 1 client p50 {one.P50Ms:F2} ms, {concurrency} clients {many.QueriesPerSecond:F0} q/s (load average {LoadAverage()})");
                }
            }
            // Per shard count: the median over rounds of each figure.
            static double Median(IEnumerable<double> values) { var v = values.Order().ToArray(); return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2; }
            var results = configs.Select(c => (Config: c, Shards: c.Shards, P50: Median(samples[c].Select(r => r.One.P50Ms)), P99: Median(samples[c].Select(r => r.One.P99Ms)),
                Qps1: Median(samples[c].Select(r => r.One.QueriesPerSecond)), QpsMany: Median(samples[c].Select(r => r.Many.QueriesPerSecond)),
                P50Many: Median(samples[c].Select(r => r.Many.P50Ms)), P99Many: Median(samples[c].Select(r => r.Many.P99Ms)),
                Failed: samples[c].Sum(r => r.One.Failures + r.Many.Failures))).ToList();
            Console.WriteLine($"| shards | replicas | silos holding them | load over HTTP, s | 1 client: p50 ms | p99 ms | q/s | {concurrency} clients: q/s | p50 ms | p99 ms | failed |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in results)
            {
                Console.WriteLine($"| {r.Shards} | {r.Config.Replicas} | {loads[r.Config].Holding} | {loads[r.Config].Seconds:F0} | {r.P50:F2} | {r.P99:F2} | {r.Qps1:F0} | {r.QpsMany:F0} | {r.P50Many:F1} | {r.P99Many:F1} | {r.Failed} |");
            }
            if (replicaCounts.Length > 1)
            {
                foreach (var shards in shardCounts)
                {
                    var baseline = results.First(r => r.Shards == shards && r.Config.Replicas == replicaCounts[0]);
                    foreach (var r in results.Where(r => r.Shards == shards && r.Config.Replicas != replicaCounts[0]))
                    {
                        Console.WriteLine($"# {shards} shards: {r.Config.Replicas} replicas serve {r.QpsMany / baseline.QpsMany:F2} × the q/s of {replicaCounts[0]} at {concurrency} clients ({r.QpsMany:F0} against {baseline.QpsMany:F0}; {Environment.ProcessorCount} cores)");
                    }
                }
            }

            // The fan-out slope over the shard counts, at the first replica count.
            var slopeResults = results.Where(r => r.Config.Replicas == replicaCounts[0]).ToList();
            var x = slopeResults.Select(r => (double)r.Shards).ToArray();
            var (p50Slope, p50Intercept) = LeastSquares(x, slopeResults.Select(r => r.P50).ToArray());
            var (cpuSlope, cpuIntercept) = LeastSquares(x, slopeResults.Select(r => 1000.0 / r.QpsMany).ToArray());
            if (shardCounts.Length < 2) Console.WriteLine("# one shard count: the slope below needs two or more (--shards 6,12,…)");
            Console.WriteLine($"# fan-out cost per shard (least squares over {string.Join(", ", shardCounts)} shards, {replicaCounts[0]} replica(s), {rows:N0} × {dim}, {silos} silos): " +
                $"1-client p50 = {p50Intercept:F2} ms + {p50Slope:F3} ms × shards; at {concurrency} clients, time per query (1 / q/s) = {cpuIntercept:F2} ms + {cpuSlope:F3} ms × shards");
            Console.WriteLine("# json " + JsonSerializer.Serialize(new
            {
                verb = "fanout",
                silos,
                rows,
                dim,
                cores = Environment.ProcessorCount,
                loadAverage = LoadAverage(),
                p50MsPerShard = Math.Round(p50Slope, 4),
                p50MsFixed = Math.Round(p50Intercept, 3),
                busyMsPerShard = Math.Round(cpuSlope, 4),
                busyMsFixed = Math.Round(cpuIntercept, 3),
                rounds,
                concurrency,
                points = results.Select(r => new { shards = r.Shards, replicas = r.Config.Replicas, p50 = Math.Round(r.P50, 3), p99 = Math.Round(r.P99, 3), qps1 = Math.Round(r.Qps1, 1), qpsMany = Math.Round(r.QpsMany, 1) }),
            }));
            Console.WriteLine($"# whole run {total.Elapsed.TotalSeconds:F0} s");
            return results.Any(r => r.Failed > 0) ? 1 : 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"fanout failed: {e.Message}");
            foreach (var process in Processes.Where(p => p.HasExited)) Console.Error.WriteLine($"{process.StartInfo.ArgumentList.FirstOrDefault()} exited with {process.ExitCode}");
            return 1;
        }
        finally
        {
            Cleanup();
        }
    }

    /// <summary>One measured collection: <c>fan{shards}</c>, with <c>r{replicas}</c> appended above one replica.</summary>
    private sealed record Config(int Shards, int Replicas)
    {
        public string Name => Replicas == 1 ? $"fan{Shards}" : $"fan{Shards}r{Replicas}";
    }

    private static async Task CreateAndLoadAsync(HttpClient http, string name, int shards, int replicas, int rows, int dim)
    {
        using (var put = await http.PutAsync($"/collections/{name}", Json("{\"shards\": " + shards + ", \"replicas\": " + replicas + ", \"spaces\": {\"image\": " + dim + "}}")))
        {
            if (!put.IsSuccessStatusCode) throw new InvalidOperationException($"PUT /collections/{name}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        }
        const int batchSize = 500;
        var random = new Random(11);
        var batches = new List<string>();
        for (var start = 0; start < rows; start += batchSize)
        {
            var products = new StringBuilder("{\"products\": [");
            for (var i = start; i < Math.Min(rows, start + batchSize); i++)
            {
                if (i > start) products.Append(',');
                products.Append($"{{\"id\": \"p{i}\", \"vectors\": {{\"image\": [");
                products.AppendJoin(',', SyntheticCatalog.Unit(random, dim).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
                products.Append("]}}");
            }
            batches.Add(products.Append("]}").ToString());
        }
        // Two batches in flight: the gateway parses one while the shards write the other.
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (body, _) =>
        {
            using var response = await http.PostAsync($"/collections/{name}/products", Json(body));
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST /collections/{name}/products: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        });
    }

    private static async Task<int> SilosHoldingAsync(HttpClient http, string name)
    {
        using var collection = JsonDocument.Parse(await http.GetStringAsync($"/collections/{name}"));
        return collection.RootElement.GetProperty("perShard").EnumerateArray().Select(s => s.GetProperty("silo").GetString()).Distinct().Count();
    }

    private static async Task WaitForSilosAsync(HttpClient http, int expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            if (Processes.FirstOrDefault(p => p.HasExited) is { } dead)
            {
                throw new InvalidOperationException($"a process exited ({dead.ExitCode}) before the cluster formed: {Tail(dead)}");
            }
            try
            {
                using var response = await http.GetAsync("/healthz");
                last = await response.Content.ReadAsStringAsync();
                using var health = JsonDocument.Parse(last);
                if (response.IsSuccessStatusCode &&
                    health.RootElement.GetProperty("checks").GetProperty("cluster").GetProperty("data").GetProperty("activeSilos").GetInt32() == expected)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // not listening yet, or not yet a full health answer
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"{expected} silos did not join within {timeout}; last health: {last}");
    }

    private static async Task<int> StartRedisAsync()
    {
        var port = FreePort();
        var directory = Path.Combine(s_root!, "redis");
        Directory.CreateDirectory(directory);
        var redis = Start(Find("redis-server", "/usr/bin", "/usr/local/bin"), ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory], "redis", dotnet: false);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Output(redis).Contains("Ready to accept connections", StringComparison.Ordinal))
        {
            if (redis.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException($"redis-server did not start: {Output(redis)}");
            await Task.Delay(100);
        }
        return port;
    }

    /// <summary>initdb + pg_ctl start in a temporary folder, as the 'postgres' user when run as root (PostgreSQL refuses root).</summary>
    private static async Task<string> StartPostgresAsync()
    {
        const string binGlob = "/usr/lib/postgresql/*/bin";
        var initdb = Find("initdb", binGlob);
        var pgCtl = Find("pg_ctl", binGlob);
        var root = Path.Combine(s_root!, "pg");
        var socket = Path.Combine(root, "socket");
        Directory.CreateDirectory(socket);
        if (Environment.UserName == "root")
        {
            s_runAs = "postgres";
            await RunAsync("chown", ["-R", "postgres", root], null);
        }
        s_pgData = Path.Combine(root, "data");
        await RunAsync(initdb, ["-D", s_pgData, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"], s_runAs);
        var port = FreePort();
        s_pgCtl = pgCtl;
        await RunAsync(pgCtl, ["-D", s_pgData, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {socket} -c listen_addresses=127.0.0.1 -c fsync=off", "start"], s_runAs);
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true";
    }

    /// <summary>Kills our processes, stops PostgreSQL, deletes the folder; a second caller waits for the first to finish.</summary>
    private static void Cleanup()
    {
        lock (CleanupLock)
        {
            if (s_cleaned) return;
            s_cleaned = true;
            CleanupOnce();
        }
    }

    private static void CleanupOnce()
    {
        lock (Processes)
        {
            foreach (var process in Processes)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                        process.WaitForExit(10_000);
                    }
                }
                catch (InvalidOperationException)
                {
                    // already gone
                }
            }
        }
        if (s_pgCtl is not null && s_pgData is not null && Directory.Exists(s_pgData))
        {
            try
            {
                using var stop = Process.Start(StartInfo(s_pgCtl, ["-D", s_pgData, "-m", "immediate", "-w", "stop"], s_runAs));
                stop?.WaitForExit(60_000);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                Console.Error.WriteLine($"pg_ctl stop failed: {e.Message}");
            }
        }
        if (s_root is not null)
        {
            try { Directory.Delete(s_root, recursive: true); } catch (IOException e) { Console.Error.WriteLine($"could not delete {s_root}: {e.Message}"); }
        }
    }

    private static readonly Dictionary<Process, StringBuilder> Outputs = [];

    private static Process Start(string fileName, IEnumerable<string> arguments, string label, bool dotnet = true)
    {
        var start = dotnet ? StartInfo("dotnet", [fileName, .. arguments], null) : StartInfo(fileName, arguments, null);
        if (dotnet)
        {
            start.WorkingDirectory = Path.GetDirectoryName(fileName)!;
            start.Environment["DOTNET_ENVIRONMENT"] = "Production";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {label}");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (Processes)
        {
            Processes.Add(process);
            Outputs[process] = output;
        }
        return process;
    }

    private static string Output(Process process)
    {
        var output = Outputs[process];
        lock (output) return output.ToString();
    }

    private static string Tail(Process process)
    {
        var text = Output(process);
        return text.Length > 4000 ? text[^4000..] : text;
    }

    private static async Task RunAsync(string fileName, IEnumerable<string> arguments, string? runAs)
    {
        var start = StartInfo(fileName, arguments, runAs);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{fileName} exited with {process.ExitCode}: {await stdout}{await stderr}");
    }

    private static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string? runAs)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (runAs is not null)
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", runAs, "--" }) start.ArgumentList.Add(a);
            start.ArgumentList.Add(fileName);
        }
        else
        {
            start.FileName = fileName;
        }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    private static string Find(string name, params string[] globs)
    {
        foreach (var pattern in globs)
        {
            var parent = Path.GetDirectoryName(pattern)!;
            if (!Directory.Exists(parent)) continue;
            foreach (var directory in Directory.GetDirectories(parent, Path.GetFileName(pattern)).OrderDescending())
            {
                if (File.Exists(Path.Combine(directory, name))) return Path.Combine(directory, name);
            }
        }
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (File.Exists(Path.Combine(directory, name))) return Path.Combine(directory, name);
        }
        throw new FileNotFoundException($"'{name}' was not found in {string.Join(", ", globs)} or on PATH; install it (apt-get install redis-server postgresql).");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "UmsOrleans.sln"))) return directory.FullName;
        }
        throw new DirectoryNotFoundException("UmsOrleans.sln not found above the bench's build output.");
    }

    private static string Dll(string repo, string project, string configuration)
    {
        var dll = Path.Combine(repo, project, "bin", configuration, "net10.0", $"UmsOrleans.{project}.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: dotnet build -c {configuration} {project}");
    }

    private static (double Slope, double Intercept) LeastSquares(double[] x, double[] y)
    {
        var mx = x.Average();
        var my = y.Average();
        var sxx = x.Sum(v => (v - mx) * (v - mx));
        var slope = sxx == 0 ? 0 : x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my)) / sxx;
        return (slope, my - slope * mx);
    }

    internal static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); } catch (IOException) { return "?"; }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
