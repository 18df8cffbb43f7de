using UmsOrleans.Gateway.Api;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Hosting;

/// <summary>The folders the HTTP API reads and writes, resolved once from their settings and the catalog's data directory.</summary>
public sealed class ResolvedPathsTests
{
    private const string DataDirectory = "/srv/ums/data";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Unset_paths_default_to_folders_of_the_data_directory_beside_the_store(string? unset)
    {
        var dataDirectory = TestPaths.NewTempDirectory("resolved");
        try
        {
            var ingestRoot = new IngestOptions { DataRoot = unset }.ResolveDataRoot(dataDirectory);
            var evaluation = EvaluationPaths.Resolve(new EvaluationOptions { DataRoot = unset, OutputRoot = unset }, ingestRoot, dataDirectory);

            Assert.Equal(Path.Combine(dataDirectory, "datasets"), ingestRoot.Root);
            Assert.True(Directory.Exists(ingestRoot.Root));
            Assert.Same(ingestRoot, evaluation.Datasets);
            Assert.Equal(Path.Combine(dataDirectory, "evaluations"), evaluation.OutputRoot);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public void Set_paths_win_and_the_output_folder_is_made_absolute()
    {
        var ingestRoot = new IngestOptions { DataRoot = "/srv/photos" }.ResolveDataRoot(DataDirectory);
        var evaluation = EvaluationPaths.Resolve(new EvaluationOptions { DataRoot = "/srv/datasets", OutputRoot = "runs" }, ingestRoot, DataDirectory);

        Assert.Equal("/srv/photos", ingestRoot.Root);
        Assert.Equal("/srv/datasets", evaluation.Datasets.Root);
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "runs"), evaluation.OutputRoot);
    }
}
