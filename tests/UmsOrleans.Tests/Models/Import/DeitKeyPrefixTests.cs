using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Importer;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Models.Import;

public sealed class DeitKeyPrefixTests : IDisposable
{
    private readonly string _parent = TestPaths.NewTempDirectory("deit-prefix");

    private static LoadedCheckpoint Prefixed(params string[] extraKeys)
    {
        var tensors = UmsCheckpointSchemaTests.ZeroTensors(TinyCheckpoint.Config)
            .Values.Select(t => t with { Name = "model." + t.Name })
            .Concat(extraKeys.Select(k => new CheckpointTensor(k, [1], [0f])))
            .ToDictionary(t => t.Name);
        return new LoadedCheckpoint("/nowhere/prefixed.pdparams", "00", UmsCheckpointSchemaTests.Checkpoint(tensors));
    }

    [Fact]
    public void Keys_saved_with_deitbases_model_prefix_are_stripped_and_the_import_says_so()
    {
        var result = UmsCheckpointImporter.Import(Prefixed(), Path.Combine(_parent, "model"), new UmsImportOptions("p", TinyCheckpoint.Config, 35));
        Assert.Equal("model.", result.StrippedPrefix);
        Assert.Empty(result.UnusedArrays);
        Assert.Contains("stripped", ModelManifestReader.Read(result.ManifestPath).Source!["keyPrefix"]);
    }

    [Fact]
    public void A_key_present_with_and_without_the_prefix_is_refused()
    {
        var error = Assert.Throws<CheckpointImportException>(() => UmsCheckpointImporter.Import(
            Prefixed("norm.bias"), Path.Combine(_parent, "model"), new UmsImportOptions("p", TinyCheckpoint.Config, 35)));
        Assert.Contains("both 'norm.bias' and 'model.norm.bias'", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_parent));
    }

    public void Dispose() => Directory.Delete(_parent, recursive: true);
}
