using UmsOrleans.Gateway.Cli;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Models.Import;

/// <summary>One default tiny checkpoint for the tests of a class that only read it.</summary>
public sealed class DefaultTinyCheckpoint : IDisposable
{
    public TinyCheckpoint Checkpoint { get; } = TinyCheckpoint.Generate();

    public void Dispose() => Checkpoint.Dispose();
}

public sealed class ImportUmsCommandTests(DefaultTinyCheckpoint fixture) : IClassFixture<DefaultTinyCheckpoint>, IDisposable
{
    private readonly string _parent = TestPaths.NewTempDirectory("import-cli");

    private static string[] SmallModelArguments(string pdparams, string output) =>
    [
        "import-ums", "--pdparams", pdparams, "--out", output,
        "--depth", "2", "--width", "64", "--heads", "4", "--patch-size", "8", "--image-size", "32",
    ];

    [Fact]
    public async Task Writes_the_model_and_manifest_into_a_new_folder()
    {
        var tiny = fixture.Checkpoint;
        var output = Path.Combine(_parent, "tiny-model");

        var exitCode = await CliApp.RunAsync(SmallModelArguments(tiny.PdparamsPath, output));

        Assert.Equal(0, exitCode);
        Assert.True(File.Exists(Path.Combine(output, "model.onnx")));
        Assert.True(File.Exists(Path.Combine(output, "manifest.json")));
        Assert.Equal([output], Directory.GetFileSystemEntries(_parent));
    }

    [Fact]
    public async Task A_checkpoint_without_a_key_fails_and_leaves_nothing_behind()
    {
        using var tiny = TinyCheckpoint.Generate("--omit", "blocks.1.norm2.bias");
        var output = Path.Combine(_parent, "tiny-model");

        var exitCode = await CliApp.RunAsync(SmallModelArguments(tiny.PdparamsPath, output));

        Assert.Equal(ImportUmsCommand.InvalidInputExitCode, exitCode);
        Assert.Empty(Directory.GetFileSystemEntries(_parent));
    }

    [Fact]
    public async Task A_small_checkpoint_is_refused_as_the_published_model_by_default()
    {
        var tiny = fixture.Checkpoint;
        var output = Path.Combine(_parent, "tiny-model");

        var exitCode = await CliApp.RunAsync(["import-ums", "--pdparams", tiny.PdparamsPath, "--out", output]);

        Assert.Equal(ImportUmsCommand.InvalidInputExitCode, exitCode);
        Assert.Empty(Directory.GetFileSystemEntries(_parent));
    }

    [Fact]
    public async Task A_folder_that_already_holds_files_is_not_touched()
    {
        var tiny = fixture.Checkpoint;
        var output = Path.Combine(_parent, "busy");
        Directory.CreateDirectory(output);
        var keep = Path.Combine(output, "keep.txt");
        await File.WriteAllTextAsync(keep, "mine");

        var exitCode = await CliApp.RunAsync(SmallModelArguments(tiny.PdparamsPath, output));

        Assert.Equal(ImportUmsCommand.InvalidInputExitCode, exitCode);
        Assert.Equal([keep], Directory.GetFileSystemEntries(output));
        Assert.Equal([output], Directory.GetFileSystemEntries(_parent));
    }

    public void Dispose() => Directory.Delete(_parent, recursive: true);
}
