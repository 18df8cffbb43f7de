using System.Diagnostics;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Hosting;

/// <summary>The real programs, as an operator starts them: a wrong setting ends the process with a message naming it.</summary>
public sealed class StartupFailureProcessTests : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("startup-process");

    [Theory]
    [InlineData("Gateway", "--Ums:Cluster:AdvertisedAddress=not-an-ip", "Ums:Cluster:AdvertisedAddress 'not-an-ip' is not an IP address.")]
    [InlineData("Gateway", "--Ums:Limits:MaxBatchProducts=0", "Ums:Limits:MaxBatchProducts must be from 1 to 100000.")]
    [InlineData("Silo", "--Ums:Cluster:SiloPort=0", "Ums:Cluster:SiloPort must be from 1 to 65535.")]
    public async Task A_wrong_setting_ends_the_program_with_a_message_naming_it(string program, string setting, string message)
    {
        var (exitCode, output) = await RunAsync(program, [
            "--urls", "http://127.0.0.1:0",
            $"--Ums:Catalog:DataDirectory={_directory}",
            $"--Ums:Cluster:SiloPort={ExternalProcess.FreeTcpPort()}",
            $"--Ums:Cluster:GatewayPort={ExternalProcess.FreeTcpPort()}",
            setting,
        ]);

        Assert.True(exitCode != 0, output);
        Assert.Contains(message, output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments)
    {
        var dll = ServiceProcess.DllPath(program);
        var start = ExternalProcess.Start("dotnet", [dll, .. arguments]);
        start.WorkingDirectory = Path.GetDirectoryName(dll)!;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} was still running after 2 minutes instead of refusing its settings:\n{await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
