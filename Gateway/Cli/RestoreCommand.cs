using System.CommandLine;
using Spectre.Console;
using UmsOrleans.Engine.Snapshots;
using UmsOrleans.Gateway.Api;

namespace UmsOrleans.Gateway.Cli;

/// <summary>
/// <c>restore --collection NAME --snapshot PATH</c>: restores a snapshot folder into a collection that does not exist
/// yet, through the cluster (an embedded silo over the data directory, or a running cluster with
/// <c>--Ums:Gateway:Mode=Client</c>), with a progress bar. A restore that fails once begun deletes the collection again.
/// </summary>
public static class RestoreCommand
{
    public static Command Create()
    {
        var collection = new Option<string>("--collection") { Description = "Collection to create from the snapshot; it must not exist.", Required = true };
        var snapshot = new Option<string>("--snapshot") { Description = "The snapshot folder (the one holding manifest.json).", Required = true };
        var command = new Command("restore", ExitCodes.Describe(
            "Restore a snapshot into a new collection with the snapshot's settings, products, vectors and thumbnails.",
            (ExitCodes.Success, "the snapshot was restored"),
            (ExitCodes.Failed, "the restore failed or was cancelled once begun; the collection was deleted again (the message says so, or what is left)"),
            (ExitCodes.InvalidInput, "bad arguments, a damaged snapshot (checksum or format version) or a collection that exists; nothing was written"),
            (ExitCodes.ClusterUnavailable, "the embedded silo could not start (its ports are in use) or, with --Ums:Gateway:Mode=Client, the cluster could not be joined")));
        command.Options.Add(collection);
        command.Options.Add(snapshot);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(collection)!, parseResult.GetValue(snapshot)!, parseResult.UnmatchedTokens, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string collection, string snapshot, IReadOnlyList<string> configurationArgs, CancellationToken cancellationToken)
    {
        if (Validation.CheckName(collection, "--collection") is { } nameError) return Refuse($"{nameError.Field}: {nameError.Message}");
        if (!Directory.Exists(snapshot)) return Refuse($"--snapshot: folder '{snapshot}' does not exist.");
        SnapshotReader reader;
        try
        {
            reader = await SnapshotReader.OpenAsync(snapshot, cancellationToken);
            await reader.VerifyAsync(cancellationToken);
        }
        catch (InvalidSnapshotException invalid)
        {
            return Refuse($"--snapshot: {invalid.Message}");
        }

        await using var cluster = await CliCluster.StartAsync(configurationArgs, cancellationToken);
        var options = cluster.Services.GetRequiredService<IConfiguration>().GetSection(SnapshotOptions.Section).Get<SnapshotOptions>() ?? new SnapshotOptions();
        if (options.RestoreBatchProducts is < 1 or > 10_000) return Refuse($"{SnapshotOptions.Section}:{nameof(SnapshotOptions.RestoreBatchProducts)} must be from 1 to 10000.");
        var restorer = new SnapshotRestorer(cluster.Catalog, options.RestoreBatchProducts);
        AnsiConsole.MarkupLine($"Restoring [bold]{Markup.Escape(reader.Name)}[/] ({reader.Manifest.Products} products of '{Markup.Escape(reader.Manifest.Collection)}') into collection [bold]{Markup.Escape(collection)}[/]");
        try
        {
            await CliProgress.RunAsync("restore", progress => restorer.RestoreAsync(reader, collection, progress, cancellationToken));
        }
        catch (InvalidSnapshotException invalid)
        {
            return Refuse($"--snapshot: {invalid.Message}");
        }
        catch (SnapshotTargetExistsException exists)
        {
            return Refuse($"--collection: {exists.Message}");
        }
        catch (SnapshotRestoreFailedException failed)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(failed.Message)}[/]");
            return ExitCodes.Failed;
        }
        AnsiConsole.WriteLine($"restored: {reader.Manifest.Products} products into '{collection}'");
        return ExitCodes.Success;
    }

    private static int Refuse(string problem)
    {
        Console.Error.WriteLine(problem);
        return ExitCodes.InvalidInput;
    }
}
