using System.CommandLine;
using Microsoft.Extensions.Options;
using Spectre.Console;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Gateway.Cli;

/// <summary>
/// <c>ingest --collection NAME --catalog FILE.jsonl [--root DIR] [--model default] [--shards N] [--batch N] [--group-by FIELD]</c>:
/// encodes a JSON Lines catalog into a collection (created with the model when missing), with a progress
/// bar; products whose content is unchanged since the last run are skipped, so a stopped run resumes.
/// Any product that could not be ingested makes the exit code <see cref="ExitCodes.Failed"/>.
/// </summary>
public static class IngestCommand
{
    public static Command Create()
    {
        var collection = new Option<string>("--collection") { Description = "Collection to ingest into; created with --model and --shards when missing.", Required = true };
        var catalog = new Option<string>("--catalog") { Description = "JSON Lines file: one product a line with id, image, title, category, description; other fields become attributes.", Required = true };
        var root = new Option<string?>("--root") { Description = "Folder the lines' image paths are relative to (default: the catalog's folder)." };
        var model = new Option<string?>("--model") { Description = "Model for a new collection: 'default', a configured name or a manifest path (default: 'default', or the existing collection's model)." };
        var shards = new Option<int>("--shards") { Description = "Shards of a new collection.", DefaultValueFactory = _ => 4 };
        var batch = new Option<int>("--batch") { Description = "Products encoded and written together.", DefaultValueFactory = _ => 16 };
        var groupBy = new Option<string>("--group-by")
        {
            Description = "Lines with the same value of this field are one product with several photos, whose id is that value (e.g. 'label' for the grocery catalog).",
            DefaultValueFactory = _ => CatalogProducts.DefaultGroupField,
        };
        var command = new Command("ingest", ExitCodes.Describe(
            "Ingest a product catalog (JSON Lines with photos) into a collection, encoding photos and texts with the collection's model.",
            (ExitCodes.Success, "every product was ingested or was unchanged"),
            (ExitCodes.Failed, "one or more products failed (bad lines, missing photos; they are listed) or the run was cancelled; the others were ingested"),
            (ExitCodes.InvalidInput, "bad arguments or settings (missing catalog file, collection name, model, ...); nothing was ingested"),
            (ExitCodes.ClusterUnavailable, "the embedded silo could not start (its ports are in use) or, with --Ums:Gateway:Mode=Client, the cluster could not be joined")));
        foreach (var option in new Option[] { collection, catalog, root, model, shards, batch, groupBy }) command.Options.Add(option);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new IngestArguments(
                parseResult.GetValue(collection)!,
                parseResult.GetValue(catalog)!,
                parseResult.GetValue(root),
                parseResult.GetValue(model),
                parseResult.GetValue(shards),
                parseResult.GetValue(batch),
                parseResult.GetValue(groupBy)!),
            parseResult.UnmatchedTokens,
            cancellationToken));
        return command;
    }

    private sealed record IngestArguments(string Collection, string Catalog, string? Root, string? Model, int Shards, int Batch, string GroupBy);

    private static async Task<int> RunAsync(IngestArguments args, IReadOnlyList<string> configurationArgs, CancellationToken cancellationToken)
    {
        if (Check(args) is { } problem) return Refuse(problem);
        var imageRoot = Path.GetFullPath(args.Root ?? Path.GetDirectoryName(Path.GetFullPath(args.Catalog))!);

        await using var cluster = await CliCluster.StartAsync(configurationArgs, cancellationToken);
        var encoders = cluster.Services.GetRequiredService<ClusterEncoders>();
        var (spec, specProblem) = await CollectionFor(cluster.Catalog, encoders, args);
        if (specProblem is not null) return Refuse(specProblem);

        var limits = cluster.Services.GetRequiredService<IOptions<EncodingOptions>>().Value;
        var ingestor = new CatalogIngestor(cluster.Services.GetRequiredService<ProductWriter>(), new ClusterIngestTarget(cluster.Catalog, spec!), TimeProvider.System);
        var maxPhotos = cluster.Services.GetRequiredService<IOptions<UmsOrleans.Gateway.Api.RequestLimits>>().Value.MaxPhotosPerProduct;
        var settings = new IngestSettings(imageRoot, args.Batch, limits.MaxImageBytes, GroupBy: args.GroupBy, MaxPhotos: maxPhotos);
        AnsiConsole.MarkupLine($"Ingesting [bold]{Markup.Escape(args.Catalog)}[/] into collection [bold]{Markup.Escape(spec!.Name)}[/] (model {Markup.Escape(spec.Model!)}, {spec.Shards} shards; images under {Markup.Escape(imageRoot)})");

        IngestSummary summary = null!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("ingest", maxValue: 1);
                var started = TimeProvider.System.GetTimestamp();
                var progress = new Progress<IngestProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Processed;
                    var rate = p.Processed / Math.Max(0.001, TimeProvider.System.GetElapsedTime(started).TotalSeconds);
                    task.Description = $"{p.Processed}/{p.Total} products, {rate:F1}/s ({p.Ingested} ingested, {p.SkippedUnchanged} unchanged, {p.Failed} failed)";
                });
                summary = await ingestor.RunAsync(args.Catalog, settings, progress, cancellationToken);
                task.Value = task.MaxValue;
            });

        foreach (var failure in summary.Failures.Take(50))
        {
            AnsiConsole.MarkupLine($"[yellow]line {failure.LineNumber}[/]{(failure.Id is null ? "" : $" ({Markup.Escape(failure.Id)})")}: {Markup.Escape(failure.Reason)}");
        }
        if (summary.Failures.Count > 50) AnsiConsole.WriteLine($"... and {summary.Failures.Count - 50} more failures.");
        AnsiConsole.WriteLine($"ingested: {summary.Ingested}");
        AnsiConsole.WriteLine($"skipped unchanged: {summary.SkippedUnchanged}");
        AnsiConsole.WriteLine($"failed: {summary.Failed}");
        AnsiConsole.WriteLine($"time: {summary.Elapsed.TotalSeconds:F1} s");
        AnsiConsole.WriteLine($"products/s: {summary.ProductsPerSecond:F2}");
        if (summary.Failed == 0) return ExitCodes.Success;
        AnsiConsole.MarkupLine(summary.Ingested + summary.SkippedUnchanged == 0
            ? "[red]Nothing could be ingested.[/]"
            : $"[red]{summary.Failed} product(s) could not be ingested.[/]");
        return ExitCodes.Failed;
    }

    private static string? Check(IngestArguments args)
    {
        if (!File.Exists(args.Catalog)) return $"--catalog: file '{args.Catalog}' does not exist.";
        if (args.Root is { } root && !Directory.Exists(root)) return $"--root: folder '{root}' does not exist.";
        if (Api.Validation.CheckName(args.Collection, "--collection") is { } nameError) return $"{nameError.Field}: {nameError.Message}";
        if (args.Shards is < 1 or > Api.RequestLimits.MaxShards) return $"--shards: must be from 1 to {Api.RequestLimits.MaxShards}.";
        if (args.Batch is < 1 or > 4096) return "--batch: must be from 1 to 4096.";
        return null;
    }

    private static async Task<(CollectionSpec? Spec, string? Problem)> CollectionFor(ClusterCatalog catalog, ClusterEncoders encoders, IngestArguments args)
    {
        var existing = await catalog.GetCollectionAsync(args.Collection);
        if (existing is not null)
        {
            if (existing.Model is null) return (null, $"--collection: collection '{args.Collection}' exists without a model; ingest into a collection created with a model.");
            if (args.Model is not null && args.Model != existing.Model) return (null, $"--model: collection '{args.Collection}' uses model '{existing.Model}', not '{args.Model}'.");
            return (existing, null);
        }
        var model = args.Model ?? ManifestRegistry.DefaultModel;
        try
        {
            var outcome = await catalog.CreateCollectionAsync(new CollectionSpec(args.Collection, args.Shards, encoders.SpacesOf(model), model));
            return outcome.Status == CreateCollectionStatus.Conflict
                ? (null, $"--collection: collection '{args.Collection}' was created meanwhile with other settings.")
                : (outcome.Existing, null);
        }
        catch (InvalidManifestException exception)
        {
            return (null, $"--model: {exception.Message}");
        }
    }

    private static int Refuse(string problem)
    {
        Console.Error.WriteLine(problem);
        return ExitCodes.InvalidInput;
    }
}
