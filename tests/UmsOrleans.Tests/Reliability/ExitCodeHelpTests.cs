namespace UmsOrleans.Tests.Reliability;

/// <summary>Every verb, and serving, documents its exit codes in its help.</summary>
public sealed class ExitCodeHelpTests
{
    [Theory]
    [InlineData("ingest", "1  one or more products failed")]
    [InlineData("eval", "1  the run failed or was cancelled")]
    [InlineData("import-ums", "2  bad arguments")]
    [InlineData(null, "serving: stopped normally")]
    public async Task The_help_lists_the_exit_codes(string? verb, string line)
    {
        var (code, output) = await GatewayProgram.RunAsync(verb is null ? ["--help"] : [verb, "--help"], TimeSpan.FromMinutes(1));

        Assert.True(code == 0, output);
        Assert.Contains("Exit codes:", output);
        Assert.Contains(line, output);
    }
}
