using UmsOrleans.Importer;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Models.Import;

public sealed class UmsCheckpointImporterTests : IDisposable
{
    private readonly string _parent = TestPaths.NewTempDirectory("import-errors");

    [Fact]
    public void A_wrongly_shaped_array_in_the_file_is_named_and_nothing_is_written()
    {
        using var tiny = TinyCheckpoint.Generate("--reshape", "blocks.1.attn.proj.weight=32,128");

        var error = Assert.Throws<CheckpointImportException>(
            () => UmsCheckpointImporter.Import(tiny.PdparamsPath, Path.Combine(_parent, "model"), tiny.ImportOptions()));

        Assert.Contains("'blocks.1.attn.proj.weight' has shape [32, 128], expected [64, 64]", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_parent));
    }

    [Fact]
    public void An_output_folder_inside_a_missing_folder_is_refused_before_reading()
    {
        var error = Assert.Throws<CheckpointImportException>(() => UmsCheckpointImporter.Import(
            "unused.pdparams", Path.Combine(_parent, "absent", "model"), UmsImportOptions.Published("x")));

        Assert.Contains("does not exist", error.Message);
    }

    public void Dispose() => Directory.Delete(_parent, recursive: true);
}
