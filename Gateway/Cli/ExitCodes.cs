namespace UmsOrleans.Gateway.Cli;

/// <summary>The exit codes every verb uses, and the lines its <c>--help</c> shows for them.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The work was done in part or not at all (failed products, a failed run, an unwritable output).</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments, settings or input files; nothing was done.</summary>
    public const int InvalidInput = 2;

    /// <summary>The embedded silo could not start (its ports are taken) or the cluster could not be joined.</summary>
    public const int ClusterUnavailable = 3;

    /// <summary>A verb's description followed by its exit codes, one a line, for its help text.</summary>
    public static string Describe(string description, params (int Code, string Meaning)[] codes) =>
        description + Environment.NewLine + Environment.NewLine + "Exit codes:" + Environment.NewLine +
        string.Join(Environment.NewLine, codes.Select(c => $"  {c.Code}  {c.Meaning}"));
}
