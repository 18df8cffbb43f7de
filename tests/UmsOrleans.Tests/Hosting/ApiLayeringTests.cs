using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Hosting;

/// <summary>
/// The HTTP endpoints are composed by the hosting code, never the other way round: what they need of the
/// configuration reaches them as resolved, validated options.
/// </summary>
public sealed class ApiLayeringTests
{
    [Fact]
    public void The_api_neither_uses_the_gateway_hosting_nor_reads_the_configuration()
    {
        var offending = Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "Gateway", "Api"), "*.cs")
            .Where(file => File.ReadAllText(file) is var source
                && (source.Contains("Gateway.Hosting", StringComparison.Ordinal) || source.Contains("IConfiguration", StringComparison.Ordinal)))
            .Select(Path.GetFileName)
            .ToList();

        Assert.Empty(offending);
    }
}
