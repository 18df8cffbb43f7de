using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using UmsOrleans.Gateway.Hosting;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Hosting;

/// <summary>
/// A wrong setting stops the gateway before it serves anything, with a message that names the setting:
/// cluster settings while the host is configured (its endpoints are made from them), every other section by the
/// time it has started.
/// </summary>
public sealed class StartupValidationTests : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("startup");

    [Theory]
    [InlineData("Embedded", "Ums:Cluster:AdvertisedAddress", "not-an-ip", "Ums:Cluster:AdvertisedAddress 'not-an-ip' is not an IP address.")]
    [InlineData("Embedded", "Ums:Cluster:SiloPort", "0", "Ums:Cluster:SiloPort must be from 1 to 65535.")]
    [InlineData("Embedded", "Ums:Cluster:ClusterId", "", "Ums:Cluster:ClusterId must not be empty.")]
    [InlineData("Client", "Ums:Cluster:GatewayPort", "70000", "Ums:Cluster:GatewayPort must be from 1 to 65535.")]
    public void A_wrong_cluster_setting_fails_while_the_host_is_configured(string mode, string setting, string value, string message)
    {
        var builder = WebApplication.CreateBuilder(Arguments($"--Ums:Gateway:Mode={mode}", $"--{setting}={value}"));

        var exception = Assert.Throws<OptionsValidationException>(() => builder.AddUmsGateway());

        Assert.Contains(message, exception.Message);
    }

    [Theory]
    [InlineData("Ums:Limits:MaxBatchProducts", "0", "Ums:Limits:MaxBatchProducts must be from 1 to 100000.")]
    [InlineData("Ums:Limits:MaxRequestBytes", "10", "Ums:Limits:MaxRequestBytes must be from 1024 to 2147483648.")]
    [InlineData("Ums:Ingest:DataRoot", AFile, "Ums:Ingest:DataRoot '{file}' is a file; it must name a folder.")]
    [InlineData("Ums:Evaluation:DataRoot", AFile, "Ums:Evaluation:DataRoot '{file}' is a file; it must name a folder.")]
    [InlineData("Ums:Evaluation:OutputRoot", AFile, "Ums:Evaluation:OutputRoot '{file}' is a file; it must name a folder.")]
    [InlineData("Ums:Memory:BudgetBytes", "-1", "Ums:Memory:BudgetBytes must not be negative")]
    [InlineData("Ums:Shard:MaxSearchBatch", "0", "Ums:Shard:MaxSearchBatch must be from 1 to 4096.")]
    [InlineData("Ums:Search:ShardTimeout", "00:00:00", "Ums:Search:ShardTimeout must be from 00:00:00.010 to 00:10:00.")]
    [InlineData("Ums:Encoding:MaxBatchSize", "0", "Ums:Encoding:MaxBatchSize must be from 1 to 1024.")]
    public async Task A_wrong_setting_of_any_other_section_fails_when_the_host_is_built_or_started(string setting, string value, string message)
    {
        var file = Path.Combine(_directory, "a-file.txt");
        await File.WriteAllTextAsync(file, "not a folder");
        var builder = WebApplication.CreateBuilder(Arguments($"--{setting}={value.Replace(AFile, file)}"));
        builder.AddUmsGateway();

        // Building already resolves the server, whose request size limit comes from Ums:Limits.
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = builder.Build();
            await app.StartAsync();
        });

        Assert.Contains(message.Replace("{file}", file), exception.Message);
    }

    /// <summary>Stands for the path of an existing file in the test's own folder.</summary>
    private const string AFile = "<file>";

    /// <summary>Everything a start needs, on ports and folders of this test's own, should validation ever let it through.</summary>
    private string[] Arguments(params string[] settings) =>
    [
        "--urls", "http://127.0.0.1:0",
        $"--Ums:Catalog:DataDirectory={Path.Combine(_directory, "data")}",
        $"--Ums:Cluster:SiloPort={ExternalProcess.FreeTcpPort()}",
        $"--Ums:Cluster:GatewayPort={ExternalProcess.FreeTcpPort()}",
        .. settings,
    ];

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
