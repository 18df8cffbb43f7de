using System.CommandLine;

namespace UmsOrleans.Gateway.Cli;

/// <summary>
/// The command-line verbs of the one user program (<c>dotnet run --project Gateway -- VERB …</c>).
/// Without a verb the program serves HTTP. Settings not named by a verb's options (for example
/// <c>--Ums:Catalog:DataDirectory=/srv/ums</c>) pass through to the configuration, as for the server.
/// </summary>
public static class CliApp
{
    private static readonly Func<Command>[] Verbs = [IngestCommand.Create, EvalCommand.Create, ImportUmsCommand.Create, SnapshotCommand.Create, RestoreCommand.Create, TrainCommand.Create, ReshardCommand.Create];

    public static bool IsVerb(string[] args) =>
        args.Length > 0 && (Verbs.Any(v => v().Name == args[0]) || args[0] is "--help" or "-h" or "-?" or "--version");

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand(ExitCodes.Describe(
            "UMS Orleans: product search over unified multi-source embeddings. Without a verb it serves the HTTP API " +
            "(an embedded silo unless --Ums:Gateway:Mode=Client) until stopped with Ctrl+C or SIGTERM.",
            (ExitCodes.Success, "serving: stopped normally"),
            (134, "serving: it could not start (a wrong setting, or the silo or gateway port in use); the message names the setting")));
        foreach (var verb in Verbs)
        {
            var command = verb();
            command.TreatUnmatchedTokensAsErrors = false;
            root.Subcommands.Add(command);
        }
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliClusterException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return exception.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            return ExitCodes.Failed;
        }
        catch (Exception exception)
        {
            await Console.Error.WriteLineAsync($"Unexpected error: {exception}");
            return ExitCodes.Failed;
        }
    }
}
