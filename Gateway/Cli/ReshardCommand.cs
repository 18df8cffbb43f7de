using System.CommandLine;
using Spectre.Console;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Resharding;
using UmsOrleans.Gateway.Api;

namespace UmsOrleans.Gateway.Cli;

/// <summary>
/// <c>reshard --collection NAME --shards N</c>: moves a collection to N shards and follows the resharding to its end with a
/// progress bar (the backfill, then the new layout's loads). Searches and writes go on meanwhile. Interrupted (Ctrl+C, or the
/// embedded silo stops), the resharding resumes when the cluster runs again; run the verb again to follow it.
/// </summary>
public static class ReshardCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static Command Create()
    {
        var collection = new Option<string>("--collection") { Description = "Collection to reshard.", Required = true };
        var shards = new Option<int>("--shards") { Description = $"Shard count to move to (1 to {RequestLimits.MaxShards}).", Required = true };
        var command = new Command("reshard", ExitCodes.Describe(
            "Move a collection to another shard count while it keeps answering searches and taking writes.",
            (ExitCodes.Success, "the collection has the shard count asked for"),
            (ExitCodes.Failed, "the resharding was given up (the collection keeps its shards; the message says why) or the run was cancelled"),
            (ExitCodes.InvalidInput, "bad arguments, no such collection, or another resharding is under way"),
            (ExitCodes.ClusterUnavailable, "the cluster could not be started or joined")));
        command.Options.Add(collection);
        command.Options.Add(shards);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(collection)!, parseResult.GetValue(shards), parseResult.UnmatchedTokens, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string collection, int shards, IReadOnlyList<string> configurationArgs, CancellationToken cancellationToken)
    {
        if (Validation.CheckName(collection, "--collection") is { } nameError) return Refuse($"{nameError.Field}: {nameError.Message}");
        if (Validation.CheckShards(shards) is { } shardsError) return Refuse($"--{shardsError.Field}: {shardsError.Message}");
        await using var cluster = await CliCluster.StartAsync(configurationArgs, cancellationToken);
        ReshardProgress? progress;
        try
        {
            progress = await cluster.Catalog.ReshardAsync(collection, shards);
        }
        catch (CollectionNotFoundException)
        {
            return Refuse($"--collection: collection '{collection}' does not exist.");
        }
        catch (InvalidOperationException exception)
        {
            return Refuse($"--shards: {exception.Message}");
        }
        if (progress is not { Running: true })
        {
            AnsiConsole.MarkupLine($"Collection [bold]{Markup.Escape(collection)}[/] has {shards} shards already; nothing to do.");
            return ExitCodes.Success;
        }
        AnsiConsole.MarkupLine($"Resharding [bold]{Markup.Escape(collection)}[/] from {progress.FromShards} to {progress.ToShards} shards; searches and writes go on meanwhile.");
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask("reshard", maxValue: 1);
                while (progress is { Running: true })
                {
                    bar.Value = progress.Fraction;
                    bar.Description = Describe(progress);
                    await Task.Delay(PollInterval, cancellationToken);
                    progress = await cluster.Catalog.GetReshardingAsync(collection) ?? progress;
                }
                bar.Value = progress!.Fraction;
                bar.Description = Describe(progress);
            });
        if (progress.Phase == ReshardPhase.Failed)
        {
            await Console.Error.WriteLineAsync($"The resharding was given up; the collection keeps its {progress.FromShards} shards: {progress.Error}");
            return ExitCodes.Failed;
        }
        AnsiConsole.WriteLine($"shards: {progress.ToShards}");
        AnsiConsole.WriteLine($"products: {progress.Products}");
        AnsiConsole.WriteLine($"seconds: {(progress.FinishedAt!.Value - progress.StartedAt).TotalSeconds:0.0}");
        return ExitCodes.Success;
    }

    private static string Describe(ReshardProgress progress) => progress.Phase switch
    {
        ReshardPhase.Backfilling => $"backfilling: {progress.Backfilled}/{progress.Products} products",
        ReshardPhase.Loading => $"loading: {progress.ReplicasLoaded}/{progress.Replicas} shard replicas",
        var phase => phase.ToString().ToLowerInvariant(),
    };

    private static int Refuse(string problem)
    {
        Console.Error.WriteLine(problem);
        return ExitCodes.InvalidInput;
    }
}
