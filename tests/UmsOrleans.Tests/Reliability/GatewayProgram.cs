using System.Diagnostics;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Reliability;

/// <summary>The Gateway program run to completion (a CLI verb, or a server that should refuse to start).</summary>
public static class GatewayProgram
{
    public static Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, TimeSpan timeout) =>
        RunAsync("Gateway", arguments, timeout);

    /// <summary>One of our programs (<c>Gateway</c>, <c>Silo</c>) run to its exit, with what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var dll = ServiceProcess.DllPath(program);
        var start = ExternalProcess.Start("dotnet", [dll, .. arguments]);
        start.WorkingDirectory = Path.GetDirectoryName(dll)!;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the {program} program was still running after {timeout}:\n{await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
