using System.CommandLine;

namespace UmsOrleans.Gateway.Cli;

/// <summary>
/// The command-line verbs of the one user program (<c>dotnet run --project Gateway -- VERB …</c>).
/// Without a verb the program serves HTTP. Settings not named by a verb's options (for example
/// <c>--Ums:Catalog:DataDirectory=/srv/ums</c>) pass through to the configuration, as for the server.
/// </summary>
public static class CliApp
{
    private static readonly Func<Command>[] Verbs = [IngestCommand.Create, EvalCommand.Create, ImportUmsCommand.Create];

    public static bool IsVerb(string[] args) =>
        args.Length > 0 && (Verbs.Any(v => v().Name == args[0]) || args[0] is "--help" or "-h" or "-?" or "--version");

    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("UMS Orleans: product search over unified multi-source embeddings. Without a verb it serves the HTTP API.");
        foreach (var verb in Verbs)
        {
            var command = verb();
            command.TreatUnmatchedTokensAsErrors = false;
            root.Subcommands.Add(command);
        }
        return root.Parse(args).InvokeAsync();
    }
}
