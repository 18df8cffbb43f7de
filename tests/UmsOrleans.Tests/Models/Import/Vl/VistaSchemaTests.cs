using UmsOrleans.Importer;
using UmsOrleans.Importer.Vl;

namespace UmsOrleans.Tests.Models.Import.Vl;

public sealed class VistaSchemaTests
{
    [Theory]
    [InlineData(PublishedKeyTables.Product1M, VistaLayout.VistaBase, NarrowVlCheckpoint.Product1MVocabulary, true)]
    [InlineData(PublishedKeyTables.Ctc, VistaLayout.VistaBaseShare, NarrowVlCheckpoint.CtcVocabulary, false)]
    public void At_the_published_sizes_the_schema_is_exactly_the_published_key_table(string table, VistaLayout layout, int vocabulary, bool deadBlocks)
    {
        var published = PublishedKeyTables.Read(table);
        var schema = VistaSchema.Expected(layout, VistaDimensions.Published(vocabulary), deadBlocks);

        var ours = schema.ToDictionary(k => k.Name, k => CheckpointTensor.FormatShape(k.Shape));
        Assert.Equal(schema.Count, ours.Count); // no name twice
        Assert.Empty(published.Keys.Except(ours.Keys));
        Assert.Empty(ours.Keys.Except(published.Keys));
        Assert.All(published, p => Assert.Equal(p.Value, ours[p.Key]));
    }

    [Fact]
    public void Product1M_uses_every_tower_but_the_poolers_and_the_dead_fusion_blocks()
    {
        var schema = VistaSchema.Expected(VistaLayout.VistaBase, VistaDimensions.Published(NarrowVlCheckpoint.Product1MVocabulary), withDeadFusionBlocks: true);
        var unused = schema.Where(k => !k.Used).Select(k => k.Name).ToList();

        Assert.Equal(305_697_024, schema.Sum(k => k.Parameters)); // §6.5, as coded
        Assert.Equal(24 + 2 + 2, unused.Count);
        Assert.All(unused, name => Assert.True(name.Contains(".pooler.") || name.StartsWith("image_cls.backbone.scene_text_fusion_blocks."), name));
        // OCR layer 11 only feeds the discarded fusion output, but the graph computes that output, so it is used.
        Assert.Contains(schema, k => k is { Name: "image_cls.backbone.scene_text_model.encoder.layers.11.linear1.weight", Used: true });
        Assert.Contains(schema, k => k is { Name: "image_cls.backbone.scene_text_model.embeddings.word_embeddings.weight", Used: true });
        Assert.Contains(schema, k => k is { Name: "image_cls.backbone.ocr_pos_projection.weight", Used: true });
    }

    [Fact]
    public void Share_leaves_the_backbone_berts_embeddings_first_ten_layers_and_poolers_unused()
    {
        var schema = VistaSchema.Expected(VistaLayout.VistaBaseShare, VistaDimensions.Published(NarrowVlCheckpoint.CtcVocabulary), withDeadFusionBlocks: false);
        var unused = schema.Where(k => !k.Used).ToList();

        Assert.Equal(305_950_464, schema.Sum(k => k.Parameters)); // §6.5
        // §6.4: backbone embeddings 23,837,184 + layers 0–9 70,878,720 + two poolers 590,592 each.
        Assert.Equal(23_837_184 + 70_878_720 + 2 * 590_592, unused.Sum(k => k.Parameters));
        Assert.Equal(5 + 10 * 16 + 2 + 2, unused.Count);
        Assert.Contains(schema, k => k is { Name: "image_cls.backbone.scene_text_model.encoder.layers.10.norm2.bias", Used: true });
        Assert.Contains(schema, k => k is { Name: "image_cls.backbone.scene_text_model.encoder.layers.9.norm2.bias", Used: false });
        Assert.Contains(schema, k => k is { Name: "text_model.encoder.layers.0.self_attn.q_proj.weight", Used: true });
        Assert.Contains(schema, k => k is { Name: "ocr_pos_projection.bias", Used: true });
    }
}
