namespace UmsOrleans.Gateway.Cli;

/// <summary>The cluster a verb needs could not be started or joined; the message says why and which setting to change.</summary>
public sealed class CliClusterException(string message, int exitCode, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
