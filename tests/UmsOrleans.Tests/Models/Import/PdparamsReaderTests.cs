using Razorvine.Pickle;
using UmsOrleans.Importer;

namespace UmsOrleans.Tests.Models.Import;

public sealed class PdparamsReaderTests
{
    [Theory]
    [InlineData("2", "f4", "numpy.core.multiarray")]
    [InlineData("3", "f8", "numpy.core.multiarray")]
    [InlineData("4", "f4", "numpy.core.multiarray")]
    [InlineData("4", "f2", "numpy._core.multiarray")]
    [InlineData("5", "f4", "numpy._core.multiarray")]
    public void Reads_every_array_as_the_generator_wrote_it(string protocol, string dtype, string numpyModule)
    {
        using var tiny = TinyCheckpoint.Generate("--protocol", protocol, "--dtype", dtype, "--numpy-module", numpyModule);

        var checkpoint = PdparamsReader.Read(tiny.PdparamsPath);

        Assert.Equal(tiny.Weights.Keys.Order(), checkpoint.Tensors.Keys.Order());
        foreach (var (name, expected) in tiny.Weights)
        {
            var tensor = checkpoint.Tensors[name];
            Assert.Equal(expected.Shape, tensor.Shape);
            Assert.Equal(expected.Values.Select(v => (float)v), tensor.Values);
        }
        Assert.Contains("StructuredToParameterName@@", checkpoint.SkippedEntries.Keys);
    }

    [Fact]
    public void Fortran_ordered_arrays_come_back_row_major()
    {
        const string qkv = "blocks.0.attn.qkv.weight", conv = "patch_embed.proj.weight";
        using var tiny = TinyCheckpoint.Generate("--fortran", qkv, "--fortran", conv);

        var checkpoint = PdparamsReader.Read(tiny.PdparamsPath);

        foreach (var name in new[] { qkv, conv })
        {
            Assert.Equal(tiny.Weights[name].Values.Select(v => (float)v), checkpoint.Tensors[name].Values);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_pickle_is_refused_with_its_name()
    {
        var error = Assert.Throws<CheckpointImportException>(
            () => PdparamsReader.Read(new MemoryStream("this is not a pickle"u8.ToArray()), "notes.pdparams"));
        Assert.Contains("notes.pdparams is not a readable Python pickle", error.Message);
    }

    [Fact]
    public void A_truncated_checkpoint_is_refused()
    {
        using var tiny = TinyCheckpoint.Generate();
        var bytes = File.ReadAllBytes(tiny.PdparamsPath);

        var error = Assert.Throws<CheckpointImportException>(
            () => PdparamsReader.Read(new MemoryStream(bytes, 0, bytes.Length / 2), "half.pdparams"));
        Assert.Contains("half.pdparams is not a readable Python pickle", error.Message);
    }

    [Fact]
    public void A_pickle_that_is_not_a_dict_is_refused()
    {
        using var pickler = new Pickler();
        var bytes = pickler.dumps(new object[] { 1, 2, 3 });

        var error = Assert.Throws<CheckpointImportException>(() => PdparamsReader.Read(new MemoryStream(bytes), "list.pdparams"));
        Assert.Contains("not a dict of parameter name to array", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ums-absent-{Guid.NewGuid():N}.pdparams");
        var error = Assert.Throws<CheckpointImportException>(() => PdparamsReader.Read(path));
        Assert.Contains(path, error.Message);
    }
}
