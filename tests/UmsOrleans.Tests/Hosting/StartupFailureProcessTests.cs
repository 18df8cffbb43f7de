using UmsOrleans.Tests.Support;

using UmsOrleans.Tests.Reliability;

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

    // A program that ignored its bad settings would keep running: the limit turns that into a failure.
    private static Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments) =>
        GatewayProgram.RunAsync(program, arguments, TimeSpan.FromMinutes(2));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
