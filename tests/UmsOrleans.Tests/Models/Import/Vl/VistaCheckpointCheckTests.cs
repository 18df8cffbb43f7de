using UmsOrleans.Importer;
using UmsOrleans.Importer.Vl;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Models.Import.Vl;

public sealed class VistaCheckpointCheckTests
{
    private static readonly VistaDimensions Small = SchemaTensors.Small;

    private static VistaCheckReport Check(Dictionary<string, CheckpointTensor> tensors, int heads = 4)
    {
        var detected = VistaLayoutDetector.Detect(tensors.Keys);
        var dimensions = VistaDimensionReader.Read(tensors, heads);
        return VistaCheckpointCheck.Check(SchemaTensors.Checkpoint(tensors), detected, dimensions);
    }

    [Theory]
    [InlineData(VistaLayout.VistaBase, true)]
    [InlineData(VistaLayout.VistaBase, false)]
    [InlineData(VistaLayout.VistaBaseShare, false)]
    [InlineData(VistaLayout.VistaBaseShare, true)]
    public void The_sizes_are_read_back_from_the_shapes_and_every_key_passes(VistaLayout layout, bool deadBlocks)
    {
        var tensors = SchemaTensors.Zeros(layout, Small, deadBlocks);
        Assert.Equal(Small, VistaDimensionReader.Read(tensors, Small.Heads));
        var report = Check(tensors);
        Assert.Equal(tensors.Count, report.Used.Count + report.UnusedKeys.Count);
        Assert.Equal(deadBlocks, report.UnusedGroups.Any(g => g.Group == VistaSchema.DeadFusionBlocksGroup));
        Assert.Empty(report.AbsentUnusedKeys);
    }

    [Fact]
    public void Share_lists_the_backbone_berts_dead_parts_as_unused_groups()
    {
        var report = Check(SchemaTensors.Zeros(VistaLayout.VistaBaseShare, Small, withDeadFusionBlocks: false));
        var groups = report.UnusedGroups.Select(g => g.Group).ToList();
        Assert.Contains("image_cls.backbone.scene_text_model.embeddings.* (unused)", groups);
        Assert.Contains("image_cls.backbone.scene_text_model.encoder.layers.{0..1} (unused)", groups);
        Assert.Contains("image_cls.backbone.scene_text_model.pooler.* (never used)", groups);
        Assert.Contains("text_model.pooler.* (never used)", groups);
        Assert.Equal(4, groups.Count);
    }

    [Fact]
    public void Unused_keys_may_be_absent_and_unknown_keys_are_listed()
    {
        var tensors = SchemaTensors.Zeros(VistaLayout.VistaBase, Small, withDeadFusionBlocks: false);
        tensors.Remove("text_model.pooler.dense.weight");
        SchemaTensors.Replace(tensors, "image_cls.backbone.head.weight", 24, 10);
        var report = Check(tensors);
        Assert.Equal(["text_model.pooler.dense.weight"], report.AbsentUnusedKeys);
        Assert.Contains("image_cls.backbone.head.weight", report.UnusedKeys);
        Assert.Contains(report.UnusedGroups, g => g is { Group: "not defined by the layout", Tensors: 1, Parameters: 240 });
    }

    [Fact]
    public void A_missing_used_key_is_named_with_its_expected_shape()
    {
        var tensors = SchemaTensors.Zeros(VistaLayout.VistaBaseShare, Small, withDeadFusionBlocks: false);
        tensors.Remove("image_cls.backbone.scene_text_model.encoder.layers.3.linear1.weight");
        var error = Assert.Throws<CheckpointImportException>(() => Check(tensors));
        Assert.Contains("missing key 'image_cls.backbone.scene_text_model.encoder.layers.3.linear1.weight' (expected shape [24, 96])", error.Message);
    }

    [Fact]
    public void A_wrong_shape_names_the_key_and_both_shapes_even_for_an_unused_key()
    {
        var tensors = SchemaTensors.Zeros(VistaLayout.VistaBase, Small, withDeadFusionBlocks: true);
        SchemaTensors.Replace(tensors, "image_cls.backbone.blocks.2.attn.qkv.weight", 72, 24); // PyTorch's [out, in]
        SchemaTensors.Replace(tensors, "image_cls.backbone.scene_text_fusion_blocks.1.mlp.fc2.bias", 23);
        var error = Assert.Throws<CheckpointImportException>(() => Check(tensors));
        Assert.Contains("'image_cls.backbone.blocks.2.attn.qkv.weight' has shape [72, 24], expected [24, 72]", error.Message);
        Assert.Contains("'image_cls.backbone.scene_text_fusion_blocks.1.mlp.fc2.bias' has shape [23], expected [24]", error.Message);
        Assert.Contains("2 problem(s)", error.Message);
    }

    [Fact]
    public void A_missing_anchor_key_says_which_size_it_gives()
    {
        var tensors = SchemaTensors.Zeros(VistaLayout.VistaBase, Small, withDeadFusionBlocks: false);
        tensors.Remove("text_model.embeddings.word_embeddings.weight");
        var error = Assert.Throws<CheckpointImportException>(() => VistaDimensionReader.Read(tensors, 4));
        Assert.Contains("'text_model.embeddings.word_embeddings.weight', from which the vocabulary size is read", error.Message);
    }

    [Fact]
    public void Heads_that_do_not_divide_the_width_are_refused()
    {
        var tensors = SchemaTensors.Zeros(VistaLayout.VistaBase, Small, withDeadFusionBlocks: false);
        var error = Assert.Throws<CheckpointImportException>(() => Check(tensors, heads: 5));
        Assert.Contains("width 24 must be a positive multiple of heads 5", error.Message);
    }

    [Fact]
    public void A_vocabulary_of_another_size_names_both_numbers()
    {
        var directory = TestPaths.NewTempDirectory("vocab");
        try
        {
            var vocab = Path.Combine(directory, "vocab.txt");
            NarrowVlCheckpoint.WriteVocabulary(vocab, 21128);
            VocabularyFile.EnsureMatches(vocab, 21128);
            var error = Assert.Throws<CheckpointImportException>(() => VocabularyFile.EnsureMatches(vocab, 30522));
            Assert.Contains("has 21128 lines but the checkpoint's word embeddings have 30522 rows", error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
