using System.CommandLine;
using Spectre.Console;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Evaluation.Runs;
using UmsOrleans.Engine.Evaluation.Training;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Gateway.Cli;

/// <summary>
/// <c>train --data DIR --layout sop|inshop|catalog|ctc --kind adapt|align --out FILE [--model M] [--train-list FILE] [--seed N] [--method cca|ridge]</c>:
/// encodes a dataset's training split with the model through the cluster (an embedded silo unless
/// <c>--Ums:Gateway:Mode=Client</c>), exactly as <c>eval</c> encodes, learns an adapter and writes it to FILE.
/// A split that cannot train the kind is refused before anything is encoded.
/// </summary>
public static class TrainCommand
{
    private static readonly string[] Layouts = ["sop", "inshop", "catalog", "ctc"];

    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The dataset folder (list files and images)", Required = true };
        var layout = new Option<string>("--layout") { Description = "sop (Ebay_train.txt), inshop (train rows), catalog (split = train) or ctc (--train-list)", Required = true };
        layout.AcceptOnlyFromAmong(Layouts);
        var kind = new Option<string>("--kind") { Description = "adapt: sharpen the photo space with the labels; align: bring photos and texts into one shared space", Required = true };
        kind.AcceptOnlyFromAmong("adapt", "align");
        var output = new Option<FileInfo>("--out") { Description = "The adapter file to write (its folder must exist)", Required = true };
        var model = new Option<string>("--model") { Description = "A model name or a manifest path", DefaultValueFactory = _ => "default" };
        var trainList = new Option<FileInfo?>("--train-list") { Description = "ctc only: the training list (CTC format: image_id, sent_id, caption, img_path; images relative to --data)" };
        var seed = new Option<int>("--seed") { Description = "Chooses the held-out validation rows; the same data and seed give the same adapter", DefaultValueFactory = _ => 0 };
        var method = new Option<string?>("--method") { Description = "align only: cca (default) or ridge" };
        method.AcceptOnlyFromAmong("cca", "ridge");
        var command = new Command("train", ExitCodes.Describe(
            "Learn an adapter from a dataset's training split (see eval --adapter to measure it).",
            (ExitCodes.Success, "the adapter was trained and written to --out"),
            (ExitCodes.Failed, "training failed or was cancelled (Ctrl+C); nothing was written"),
            (ExitCodes.InvalidInput, "bad arguments or data (missing split, align on a layout without texts, too few labels or pairs, an unwritable --out folder, unknown model, ...)"),
            (ExitCodes.ClusterUnavailable, "the embedded silo could not start (its ports are in use) or, with --Ums:Gateway:Mode=Client, the cluster could not be joined")));
        foreach (var option in new Option[] { data, layout, kind, output, model, trainList, seed, method }) command.Options.Add(option);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new TrainArguments(
                parseResult.GetValue(data)!.FullName,
                parseResult.GetValue(layout)!,
                parseResult.GetValue(kind) == "align" ? AdapterKind.Align : AdapterKind.Adapt,
                parseResult.GetValue(output)!.FullName,
                parseResult.GetValue(model)!,
                parseResult.GetValue(trainList)?.FullName,
                parseResult.GetValue(seed),
                parseResult.GetValue(method)),
            parseResult.UnmatchedTokens,
            cancellationToken));
        return command;
    }

    private sealed record TrainArguments(string Data, string Layout, AdapterKind Kind, string Output, string Model, string? TrainList, int Seed, string? Method);

    private static async Task<int> RunAsync(TrainArguments args, IReadOnlyList<string> configurationArgs, CancellationToken cancellationToken)
    {
        if (args.Method is not null && args.Kind != AdapterKind.Align) return Refuse("--method: only an alignment (--kind align) has a method.");
        if (OutputProblem(args.Output) is { } outputProblem) return Refuse(outputProblem);
        TrainingSplit split;
        TrainingPlan plan;
        try
        {
            split = TrainingSplit.Open(EvaluationRequestParser.ParseLayout(args.Layout), args.Data, args.Kind, args.TrainList);
            plan = AdapterTrainingRun.Plan(split, args.Kind);
        }
        catch (Exception exception) when (exception is ArgumentException or Engine.Evaluation.Datasets.ListFileFormatException)
        {
            return Refuse(exception.Message);
        }
        AnsiConsole.MarkupLineInterpolated($"Training split [bold]{split.ListPath}[/]: {plan.Rows} rows, {plan.Labels} labels ({plan.UsableLabels} usable), {plan.Pairs} photo–text pairs.");

        await using var cluster = await CliCluster.StartAsync(configurationArgs, cancellationToken);
        IEvaluationEncoder encoder;
        try
        {
            encoder = new ContentEvaluationEncoderFactory(cluster.Services.GetRequiredService<ClusterEncoders>()).Create(args.Model);
        }
        catch (ArgumentException exception)
        {
            return Refuse($"--model: {exception.Message}");
        }
        var settings = new TrainingSettings(args.Kind, args.Seed, args.Method == "ridge" ? AlignmentMethod.Ridge : AlignmentMethod.Cca);
        TrainingOutcome outcome;
        try
        {
            outcome = await TrainingProgressView.RunAsync(progress => AdapterTrainingRun.RunAsync(split, encoder, settings, progress, cancellationToken));
        }
        catch (ArgumentException exception)
        {
            return Refuse(exception.Message);
        }
        var bytes = AdapterCodec.Write(outcome.Adapter);
        var temporary = args.Output + ".tmp";
        await File.WriteAllBytesAsync(temporary, bytes, CancellationToken.None);
        File.Move(temporary, args.Output, overwrite: true);
        TrainingSummary.Print(outcome, encoder.Model, args.Output, bytes.Length);
        return ExitCodes.Success;
    }

    /// <summary>Why --out cannot be written, found before hours of encoding rather than after.</summary>
    private static string? OutputProblem(string output)
    {
        if (Directory.Exists(output)) return $"--out: '{output}' is a folder; name the adapter file to write.";
        var folder = Path.GetDirectoryName(output)!;
        if (!Directory.Exists(folder)) return $"--out: the folder '{folder}' does not exist.";
        var probe = Path.Combine(folder, $".ums-train-{Guid.NewGuid():N}.probe");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"--out: the folder '{folder}' cannot be written: {exception.Message}";
        }
    }

    private static int Refuse(string problem)
    {
        Console.Error.WriteLine($"train: {problem}");
        return ExitCodes.InvalidInput;
    }
}
