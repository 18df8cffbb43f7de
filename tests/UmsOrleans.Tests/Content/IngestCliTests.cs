using System.Diagnostics;
using System.Text.RegularExpressions;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Content;

/// <summary>The <c>ingest</c> verb of the real program, run as a process over an embedded silo.</summary>
public sealed partial class IngestCliTests : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("ingest-cli");

    [Fact]
    public async Task Ingest_reports_bad_lines_with_exit_code_1_and_a_clean_second_run_skips_every_unchanged_product_with_0()
    {
        var ids = GroceryLines.TrainIds(["Granny-Smith", "Banana", "Oatly-Oat-Milk", "Carrots", "Lemon", "Avocado"], 3);
        var lines = ids.Select(GroceryLines.Line).ToList();
        lines.Insert(4, """{"id": "broken" "title": 1}""");
        lines.Insert(11, """{"id": "no-photo-file", "image": "images/none/missing.jpg", "title": "Missing"}""");
        var catalog = Path.Combine(_directory, "catalog.jsonl");
        await File.WriteAllLinesAsync(catalog, lines);
        string[] args = ["ingest", "--collection", "grocery-cli", "--catalog", catalog, "--root", TestPaths.GroceryDataset, "--batch", "8",
            $"--Ums:Catalog:DataDirectory={Path.Combine(_directory, "data")}", "--Ums:Encoding:Device=cpu",
            $"--Ums:Cluster:SiloPort={ExternalProcess.FreeTcpPort()}", $"--Ums:Cluster:GatewayPort={ExternalProcess.FreeTcpPort()}"];

        var (firstCode, first) = await RunAsync(args);
        Assert.True(firstCode == 1, first);
        Assert.Equal((18, 0, 2), Counts(first));
        Assert.Contains("line 5:", first);
        Assert.Contains("line 12 (no-photo-file):", first);

        await File.WriteAllLinesAsync(catalog, ids.Select(GroceryLines.Line));
        var (secondCode, second) = await RunAsync(args);
        Assert.True(secondCode == 0, second);
        Assert.Equal((0, 18, 0), Counts(second));
    }

    [Fact]
    public async Task Wrong_arguments_exit_non_zero_with_a_message()
    {
        var (code, output) = await RunAsync(["ingest", "--collection", "c", "--catalog", Path.Combine(_directory, "none.jsonl")]);
        Assert.NotEqual(0, code);
        Assert.Contains("--catalog", output);
        var (missingCode, missing) = await RunAsync(["ingest", "--catalog", "x.jsonl"]);
        Assert.NotEqual(0, missingCode);
        Assert.Contains("--collection", missing);
    }

    private static (int Ingested, int Skipped, int Failed) Counts(string output) => (
        int.Parse(Summary().Match(output).Groups["ingested"].Value),
        int.Parse(Summary().Match(output).Groups["skipped"].Value),
        int.Parse(Summary().Match(output).Groups["failed"].Value));

    [GeneratedRegex(@"ingested: (?<ingested>\d+)\s+skipped unchanged: (?<skipped>\d+)\s+failed: (?<failed>\d+)")]
    private static partial Regex Summary();

    private static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(TestPaths.RepositoryRoot, "Gateway", "bin", configuration, "net10.0", "UmsOrleans.Gateway.dll");
        var start = ExternalProcess.Start("dotnet", [dll, .. arguments]);
        start.WorkingDirectory = Path.GetDirectoryName(dll)!;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ingest did not finish within 8 minutes:\n{await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
