using System.CommandLine;
using System.Data.Common;
using Spectre.Console;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Snapshots;
using UmsOrleans.Gateway.Api;
using UmsOrleans.Gateway.Hosting;
using UmsOrleans.Grains.Hosting;

namespace UmsOrleans.Gateway.Cli;

/// <summary>
/// <c>snapshot --collection NAME [--out DIR]</c>: writes a snapshot of a collection, read from the catalog store in one
/// read transaction. It reads the store directly (no silo is started), so it also works beside a running server.
/// </summary>
public static class SnapshotCommand
{
    public static Command Create()
    {
        var collection = new Option<string>("--collection") { Description = "Collection to snapshot.", Required = true };
        var output = new Option<string?>("--out") { Description = "Folder the snapshot folder is written into (default: Ums:Snapshots:Directory, or 'snapshots' in the data directory)." };
        var command = new Command("snapshot", ExitCodes.Describe(
            "Write a consistent snapshot of a collection (settings, products, vectors, thumbnails) to a snapshot folder.",
            (ExitCodes.Success, "the snapshot was written; its folder is printed"),
            (ExitCodes.Failed, "the snapshot could not be written (nothing is left behind) or the run was cancelled"),
            (ExitCodes.InvalidInput, "bad arguments or settings, no catalog, or no such collection; nothing was written"),
            (ExitCodes.ClusterUnavailable, "the catalog store could not be reached")));
        command.Options.Add(collection);
        command.Options.Add(output);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(collection)!, parseResult.GetValue(output), parseResult.UnmatchedTokens, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string collection, string? output, IReadOnlyList<string> configurationArgs, CancellationToken cancellationToken)
    {
        if (Validation.CheckName(collection, "--collection") is { } nameError) return Refuse($"{nameError.Field}: {nameError.Message}");
        var configuration = Host.CreateApplicationBuilder([.. configurationArgs]).Configuration;
        var catalog = configuration.GetSection(CatalogOptions.Section).Get<CatalogOptions>() ?? new CatalogOptions();
        var snapshots = configuration.GetSection(SnapshotOptions.Section).Get<SnapshotOptions>() ?? new SnapshotOptions();
        if (catalog.Provider == CatalogProvider.Sqlite && !File.Exists(catalog.SqlitePath))
        {
            return Refuse($"{CatalogOptions.Section}:DataDirectory: there is no catalog at {Path.GetFullPath(catalog.SqlitePath)}.");
        }
        if (catalog.Provider == CatalogProvider.Postgres && string.IsNullOrWhiteSpace(catalog.PostgresConnectionString))
        {
            return Refuse($"{CatalogOptions.Section}:PostgresConnectionString is required when {CatalogOptions.Section}:Provider is Postgres.");
        }
        var root = output is null ? snapshots.ResolveDirectory(UmsClusterHosting.DataDirectory(configuration)) : Path.GetFullPath(output);
        var store = catalog.Provider == CatalogProvider.Postgres
            ? (SqlCatalogStore)new PostgresCatalogStore(catalog.PostgresConnectionString!)
            : new SqliteCatalogStore(catalog.SqlitePath);
        try
        {
            await using var source = await store.OpenReadSnapshotAsync(collection, cancellationToken);
            if (source is null) return Refuse($"--collection: collection '{collection}' does not exist.");
            var folder = new SnapshotDirectory(root).PathOf(SnapshotDirectory.NewName(collection, TimeProvider.System.GetUtcNow()));
            AnsiConsole.MarkupLine($"Snapshot of collection [bold]{Markup.Escape(collection)}[/] ({source.Products} products) to {Markup.Escape(folder)}");
            SnapshotInfo info = null!;
            await CliProgress.RunAsync("snapshot", async progress =>
                info = await SnapshotWriter.WriteAsync(source, folder, TimeProvider.System, progress, cancellationToken));
            AnsiConsole.WriteLine($"snapshot: {info.Name}");
            AnsiConsole.WriteLine($"folder: {folder}");
            AnsiConsole.WriteLine($"products: {info.Products}");
            AnsiConsole.WriteLine($"bytes: {info.Bytes}");
            return ExitCodes.Success;
        }
        catch (DbException exception)
        {
            await Console.Error.WriteLineAsync($"The catalog store could not be read: {exception.Message}");
            return ExitCodes.ClusterUnavailable;
        }
        catch (IOException exception)
        {
            await Console.Error.WriteLineAsync($"The snapshot could not be written: {exception.Message}");
            return ExitCodes.Failed;
        }
        finally
        {
            if (store is IAsyncDisposable disposable) await disposable.DisposeAsync();
        }
    }

    private static int Refuse(string problem)
    {
        Console.Error.WriteLine(problem);
        return ExitCodes.InvalidInput;
    }
}
