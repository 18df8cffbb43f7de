using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using UmsOrleans.Gateway.Hosting;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Security;

/// <summary>A wrong security setting stops the gateway before it serves anything, naming the setting.</summary>
public sealed class SecurityStartupTests : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("security-startup");

    [Theory]
    [InlineData("--Ums:Security:ApiKeys:0:Key=too-short", "--Ums:Security:ApiKeys:0:Role=admin", "Ums:Security:ApiKeys:0:Key must have at least 16 characters.")]
    [InlineData("--Ums:Security:ApiKeys:ci:Key=0123456789abcdef", "--Ums:Security:ApiKeys:ci:Role=root", "Ums:Security:ApiKeys:ci:Role 'root' is not a role")]
    [InlineData("--Ums:Security:RateLimit:PermitsPerSecond=-1", "--Ums:Security:RateLimit:Burst=0", "Ums:Security:RateLimit:PermitsPerSecond must be from 0 to 1000000")]
    public async Task A_wrong_security_setting_fails_when_the_host_starts(string first, string second, string message)
    {
        var builder = WebApplication.CreateBuilder([
            "--urls", "http://127.0.0.1:0",
            $"--Ums:Catalog:DataDirectory={Path.Combine(_directory, "data")}",
            $"--Ums:Cluster:SiloPort={ExternalProcess.FreeTcpPort()}",
            $"--Ums:Cluster:GatewayPort={ExternalProcess.FreeTcpPort()}",
            first, second,
        ]);
        builder.AddUmsGateway();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = builder.Build();
            app.MapUmsGateway();
            await app.StartAsync();
        });

        Assert.Contains(message, exception.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
