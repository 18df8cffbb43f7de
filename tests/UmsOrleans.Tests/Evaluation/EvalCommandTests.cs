using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation;

/// <summary><c>eval</c> as a user types it: the Gateway program with a verb, an embedded silo, the default model.</summary>
public sealed class EvalCommandTests
{
    private static string[] Isolated(string dataDirectory) =>
    [
        $"--Ums:Catalog:DataDirectory={dataDirectory}",
        $"--Ums:Cluster:SiloPort={ExternalProcess.FreeTcpPort()}",
        $"--Ums:Cluster:GatewayPort={ExternalProcess.FreeTcpPort()}",
    ];

    [Fact]
    public async Task Eval_sop_writes_metrics_and_a_report_and_prints_them()
    {
        var root = TestPaths.NewTempDirectory("eval-cli");
        var data = GrocerySubsets.Sop(Path.Combine(root, "sop"), classes: 3, perClass: 3);
        var output = Path.Combine(root, "out");

        var printed = await ExternalProcess.RunAsync("dotnet",
            [ServiceProcess.DllPath("Gateway"), "eval", "sop", "--data", data, "--out", output, "--shards", "2", .. Isolated(Path.Combine(root, "catalog"))],
            TimeSpan.FromMinutes(5));

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        var recall = metrics.RootElement.GetProperty("metrics").GetProperty("recall@1").GetDouble();
        Assert.InRange(recall, 0, 1);
        Assert.Contains("recall@1", printed);
        Assert.Contains((100 * recall).ToString("0.00"), printed);
        Assert.Contains("88.72", printed);
        Assert.True(File.Exists(Path.Combine(output, "report.md")));
        // Not a terminal: progress is plain lines, each printed once (a phase or a 10 % step), never a stale phase again.
        var progressLines = printed.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("Queued", StringComparison.Ordinal) || l.StartsWith("Encoding", StringComparison.Ordinal)
            || l.StartsWith("Loading", StringComparison.Ordinal) || l.StartsWith("Searching", StringComparison.Ordinal) || l.StartsWith("Computing", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(progressLines);
        var phases = progressLines.Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal(phases.Distinct().Count(), phases.Chunk(1).Select(c => c[0]).Where((p, i) => i == 0 || phases[i - 1] != p).Count());
        Assert.Equal(progressLines.Count, progressLines.Distinct().Count());
        Assert.Contains(printed.Split('\n'), l => l.Trim().StartsWith("Completed ", StringComparison.Ordinal)); // the last phase, not a stale one
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task Ocr_files_without_the_datasets_ocr_folder_is_a_clear_message_and_exit_code_2()
    {
        var root = TestPaths.NewTempDirectory("eval-cli-ocr");
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ExternalProcess.RunAsync("dotnet",
            [ServiceProcess.DllPath("Gateway"), "eval", "ctc", "--data", root, "--ocr", "files", .. Isolated(root)],
            TimeSpan.FromMinutes(2)));
        Assert.Contains("exited with 2", failure.Message);
        Assert.Contains("eval: --ocr 'files' needs the OCR folder 'ctc_ocr' in the data folder", failure.Message);
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task A_missing_data_folder_is_a_clear_message_and_exit_code_2()
    {
        var root = TestPaths.NewTempDirectory("eval-cli-bad");
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ExternalProcess.RunAsync("dotnet",
            [ServiceProcess.DllPath("Gateway"), "eval", "sop", "--data", Path.Combine(root, "missing"), .. Isolated(root)],
            TimeSpan.FromMinutes(2)));
        Assert.Contains("exited with 2", failure.Message);
        Assert.Contains("does not exist", failure.Message);
        Directory.Delete(root, recursive: true);
    }
}
