using UmsOrleans.Importer;

namespace UmsOrleans.Tests.Models.Import;

public sealed class UmsCheckpointSchemaTests
{
    private static readonly VitConfig Small = TinyCheckpoint.Config;

    [Fact]
    public void Deit_base_16_has_the_published_parameter_count()
    {
        // DeiT-B/16 without its classifier head: 85,798,656 parameters (86.6 M with the 1000-class head).
        var count = UmsCheckpointSchema.Expected(VitConfig.DeitBase16).Sum(e => e.Shape.Aggregate(1L, (a, d) => a * d));
        Assert.Equal(85_798_656, count);
        Assert.Equal(197, VitConfig.DeitBase16.Tokens);
    }

    [Fact]
    public void A_complete_checkpoint_passes_and_extra_arrays_are_reported()
    {
        var tensors = ZeroTensors(Small);
        tensors["head.weight"] = new CheckpointTensor("head.weight", [64, 10], new float[640]);

        var unused = UmsCheckpointSchema.Validate(Checkpoint(tensors), Small);

        Assert.Equal(["head.weight"], unused);
    }

    [Fact]
    public void A_missing_key_is_named_with_its_expected_shape()
    {
        var tensors = ZeroTensors(Small);
        tensors.Remove("blocks.1.mlp.fc1.weight");

        var error = Assert.Throws<CheckpointImportException>(() => UmsCheckpointSchema.Validate(Checkpoint(tensors), Small));

        Assert.Contains("missing key 'blocks.1.mlp.fc1.weight'", error.Message);
        Assert.Contains("[64, 256]", error.Message);
    }

    [Fact]
    public void A_wrong_shape_names_the_key_and_both_shapes()
    {
        var tensors = ZeroTensors(Small);
        // A PyTorch-layout (transposed) Linear weight: [out, in] instead of Paddle's [in, out].
        tensors["blocks.0.attn.qkv.weight"] = new CheckpointTensor("blocks.0.attn.qkv.weight", [192, 64], new float[192 * 64]);

        var error = Assert.Throws<CheckpointImportException>(() => UmsCheckpointSchema.Validate(Checkpoint(tensors), Small));

        Assert.Contains("'blocks.0.attn.qkv.weight' has shape [192, 64], expected [64, 192]", error.Message);
    }

    [Fact]
    public void A_checkpoint_of_another_size_is_refused_at_its_first_key()
    {
        var error = Assert.Throws<CheckpointImportException>(
            () => UmsCheckpointSchema.Validate(Checkpoint(ZeroTensors(Small)), VitConfig.DeitBase16));

        Assert.Contains("'patch_embed.proj.weight' has shape [64, 3, 8, 8], expected [768, 3, 16, 16]", error.Message);
    }

    [Fact]
    public void Settings_that_are_not_a_vit_are_refused()
    {
        var error = Assert.Throws<CheckpointImportException>(() => (Small with { Heads = 5 }).Validate());
        Assert.Contains("width 64 must be a positive multiple of heads 5", error.Message);
    }

    internal static Dictionary<string, CheckpointTensor> ZeroTensors(VitConfig config) =>
        UmsCheckpointSchema.Expected(config).ToDictionary(
            e => e.Name, e => new CheckpointTensor(e.Name, e.Shape, new float[e.Shape.Aggregate(1, (a, d) => a * d)]));

    internal static PdparamsCheckpoint Checkpoint(Dictionary<string, CheckpointTensor> tensors) =>
        new(tensors, new Dictionary<string, string>());
}
