using System.CommandLine;
using Spectre.Console;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Evaluation.Datasets.Ocr;
using UmsOrleans.Engine.Evaluation.Metrics;
using UmsOrleans.Engine.Evaluation.Runs;
using UmsOrleans.Gateway.Api;

namespace UmsOrleans.Gateway.Cli;

/// <summary>
/// <c>eval sop|inshop|product1m|ctc|catalog --data DIR [--model M] [--shards N] [--out DIR] [--dump-features] [--adapter FILE] [--ocr files|engine|none]</c>:
/// starts an evaluation run as a background job in the cluster (an embedded silo unless
/// <c>--Ums:Gateway:Mode=Client</c>), shows its progress, prints the metrics beside the published UMS numbers
/// (with an adapter: raw and adapted side by side, from the same run).
/// Ctrl+C cancels the run. Exit codes: <see cref="ExitCodes"/>, listed in the verb's help.
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var task = new Argument<string>("task") { Description = "sop, inshop, product1m, ctc or catalog" };
        task.AcceptOnlyFromAmong([.. EvaluationRequestParser.Tasks]);
        var data = new Option<DirectoryInfo>("--data") { Description = "The dataset folder (the list files and images)", Required = true };
        var model = new Option<string>("--model") { Description = "A model name or a manifest path", DefaultValueFactory = _ => "default" };
        var shards = new Option<int>("--shards") { Description = "Shards of the temporary collection", DefaultValueFactory = _ => 4 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for metrics.json, report.md and features (default: ./evaluations/<run id>)" };
        var dump = new Option<bool>("--dump-features") { Description = "Also write the features as .npy files with the item order" };
        var adapter = new Option<FileInfo?>("--adapter") { Description = "An adapter file written by 'train' for this model: every metric is also measured through it (reported as adapted.NAME)" };
        var ocr = new Option<string?>("--ocr")
        {
            Description = "Where a scene-text model's OCR strings come from: files (the dataset's OCR files), engine (the cluster's OCR) or none. Default: files when the dataset has its OCR folder, otherwise engine. A pixel-only model ignores it",
        };
        ocr.AcceptOnlyFromAmong([.. EvaluationRequestParser.OcrSources]);
        var command = new Command("eval", ExitCodes.Describe(
            "Run a standard benchmark through the cluster and compare with the published UMS numbers.",
            (ExitCodes.Success, "the run completed; its metrics are printed and written to --out"),
            (ExitCodes.Failed, "the run failed or was cancelled (Ctrl+C)"),
            (ExitCodes.InvalidInput, "bad arguments or settings (unknown task, missing data folder, unknown model, an adapter that is missing or does not fit the model, --ocr files without the dataset's OCR folder, ...)"),
            (ExitCodes.ClusterUnavailable, "the embedded silo could not start (its ports are in use) or, with --Ums:Gateway:Mode=Client, the cluster could not be joined")));
        command.Arguments.Add(task);
        foreach (var option in new Option[] { data, model, shards, output, dump, adapter, ocr }) command.Options.Add(option);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var dataDirectory = parseResult.GetValue(data)!;
            if (!dataDirectory.Exists)
            {
                await error.WriteLineAsync($"eval: the data folder '{dataDirectory.FullName}' does not exist.");
                return ExitCodes.InvalidInput;
            }
            var ocrWord = parseResult.GetValue(ocr);
            if (OcrFilesMissing(parseResult.GetValue(task)!, dataDirectory.FullName, ocrWord) is { } missing)
            {
                await error.WriteLineAsync($"eval: --ocr {missing}");
                return ExitCodes.InvalidInput;
            }
            var adapterFile = parseResult.GetValue(adapter);
            if (adapterFile is { Exists: false })
            {
                await error.WriteLineAsync($"eval: the adapter file '{adapterFile.FullName}' does not exist.");
                return ExitCodes.InvalidInput;
            }
            await using var cluster = await CliCluster.StartAsync(parseResult.UnmatchedTokens, cancellationToken);
            var evaluations = cluster.Services.GetRequiredService<ClusterEvaluations>();
            var taskName = parseResult.GetValue(task)!;
            var runId = evaluations.NewRunId(taskName);
            var outputDirectory = parseResult.GetValue(output)?.FullName ?? Path.GetFullPath(Path.Combine("evaluations", runId));
            EvaluationStatus status;
            try
            {
                status = await evaluations.StartAsync(runId, new EvaluationRequest(taskName, dataDirectory.FullName,
                    parseResult.GetValue(model)!, parseResult.GetValue(shards), outputDirectory, parseResult.GetValue(dump), adapterFile?.FullName, ocrWord));
            }
            catch (ArgumentException exception)
            {
                await error.WriteLineAsync($"eval: {exception.Message}");
                return ExitCodes.InvalidInput;
            }
            status = await FollowAsync(evaluations, runId, status, cancellationToken);
            return Summarise(EvaluationResponse.From(status));
        });
        return command;
    }

    /// <summary>Why <c>--ocr files</c> cannot run on this dataset, checked before a silo starts; null when it can or was not asked.</summary>
    private static string? OcrFilesMissing(string task, string dataDirectory, string? ocr) =>
        EvaluationRequestParser.ParseOcr(ocr) == OcrSource.Files ? DatasetOcrFolders.Missing(EvaluationRequestParser.ParseLayout(task), dataDirectory) : null;

    /// <summary>
    /// Polls the run until it finishes, drawing its phase as a progress bar on a terminal and as
    /// <see cref="ProgressLines"/> otherwise; Ctrl+C cancels it.
    /// </summary>
    private static async Task<EvaluationStatus> FollowAsync(ClusterEvaluations evaluations, string runId, EvaluationStatus status, CancellationToken cancellationToken)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive) return await FollowAsLinesAsync(evaluations, runId, status, cancellationToken);
        var cancelled = false;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask? bar = null;
                var phase = "";
                while (!status.Finished)
                {
                    if (cancellationToken.IsCancellationRequested && !cancelled)
                    {
                        cancelled = true;
                        await evaluations.CancelAsync(runId);
                    }
                    if (status.Phase != phase)
                    {
                        bar?.StopTask();
                        phase = status.Phase;
                        bar = context.AddTask(phase);
                    }
                    bar!.MaxValue = Math.Max(1, status.Total);
                    bar.Value = Math.Min(status.Done, bar.MaxValue);
                    var eta = status.EtaSeconds is { } seconds ? $", ETA {TimeSpan.FromSeconds(seconds):hh\\:mm\\:ss}" : "";
                    bar.Description = $"{phase} {status.Done}/{status.Total} ({status.ItemsPerSecond:0.0}/s{eta})";
                    await Task.Delay(500, CancellationToken.None);
                    status = await evaluations.GetAsync(runId) ?? status;
                }
                bar?.StopTask();
            });
        return status;
    }

    private static async Task<EvaluationStatus> FollowAsLinesAsync(ClusterEvaluations evaluations, string runId, EvaluationStatus status, CancellationToken cancellationToken)
    {
        var lines = new ProgressLines();
        var cancelled = false;
        while (true)
        {
            if (lines.Next(status) is { } line) AnsiConsole.WriteLine(line);
            if (status.Finished) return status;
            if (cancellationToken.IsCancellationRequested && !cancelled)
            {
                cancelled = true;
                await evaluations.CancelAsync(runId);
            }
            await Task.Delay(500, CancellationToken.None);
            status = await evaluations.GetAsync(runId) ?? status;
        }
    }

    private static int Summarise(EvaluationResponse run)
    {
        if (run.Error is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]The run {run.RunId} ended in phase {run.Phase}:[/] {run.Error}");
            return ExitCodes.Failed;
        }
        AnsiConsole.Write(MetricPairs.HasAdapted(run.Metrics.Keys) ? SideBySide(run) : RawOnly(run));
        AnsiConsole.MarkupLineInterpolated($"Run {run.RunId}: {run.Phase} in {run.ElapsedSeconds:0.0} s. Metrics, report and run details: {run.OutputDirectory}");
        return run.Phase == "Completed" ? ExitCodes.Success : ExitCodes.Failed;
    }

    private static Table RawOnly(EvaluationResponse run)
    {
        var table = new Table().AddColumns("metric", "this run (% or rank)", "UMS published (% or rank)");
        foreach (var (name, value) in run.Metrics)
        {
            table.AddRow(name, MetricValue.Display(name, value), Published(run, name));
        }
        return table;
    }

    /// <summary>Raw and adapted numbers of the same run in one row per metric; a blank raw cell is a direction only the adapter makes possible.</summary>
    private static Table SideBySide(EvaluationResponse run)
    {
        var table = new Table().AddColumns("metric", "raw (% or rank)", "adapted (% or rank)", "UMS published (% or rank)");
        foreach (var pair in MetricPairs.Of(run.Metrics))
        {
            table.AddRow(pair.Name, Shown(pair.Name, pair.Raw), Shown(pair.Name, pair.Adapted), Published(run, pair.Name));
        }
        return table;

        static string Shown(string name, double? value) => value is { } v ? MetricValue.Display(name, v) : "";
    }

    private static string Published(EvaluationResponse run, string name) =>
        run.Published.TryGetValue(name, out var published) ? MetricValue.Display(name, published) : "";
}
