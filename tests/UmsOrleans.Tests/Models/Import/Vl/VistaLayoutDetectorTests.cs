using UmsOrleans.Importer;
using UmsOrleans.Importer.Vl;

namespace UmsOrleans.Tests.Models.Import.Vl;

public sealed class VistaLayoutDetectorTests
{
    private static List<string> Keys(string table) => [.. PublishedKeyTables.Read(table).Keys];

    private static List<string> WithoutDeadBlocks(List<string> keys) =>
        [.. keys.Where(k => !k.StartsWith(VistaKeys.DeadFusionBlocks, StringComparison.Ordinal))];

    [Fact]
    public void The_product1m_table_is_vistabase_with_the_dead_fusion_blocks()
    {
        var detected = VistaLayoutDetector.Detect(Keys(PublishedKeyTables.Product1M));
        Assert.Equal(UmsCheckpointKind.VistaBase, detected.Kind);
        Assert.True(detected.HasDeadFusionBlocks);
        Assert.Contains(detected.Findings, f => f.Contains("image_cls.backbone.ocr_pos_projection.*") && f.Contains("§10 items 2–3"));
    }

    [Fact]
    public void A_vistabase_without_the_dead_fusion_blocks_is_still_vistabase()
    {
        var detected = VistaLayoutDetector.Detect(WithoutDeadBlocks(Keys(PublishedKeyTables.Product1M)));
        Assert.Equal(UmsCheckpointKind.VistaBase, detected.Kind);
        Assert.False(detected.HasDeadFusionBlocks);
        Assert.Contains(detected.Findings, f => f.Contains("absent"));
    }

    [Fact]
    public void The_ctc_table_is_share_and_stays_share_with_dead_fusion_blocks_added()
    {
        var ctc = Keys(PublishedKeyTables.Ctc);
        Assert.Equal(UmsCheckpointKind.VistaBaseShare, VistaLayoutDetector.Detect(ctc).Kind);

        var deadBlocks = Keys(PublishedKeyTables.Product1M).Where(k => k.StartsWith(VistaKeys.DeadFusionBlocks, StringComparison.Ordinal));
        var detected = VistaLayoutDetector.Detect([.. ctc, .. deadBlocks]);
        Assert.Equal(UmsCheckpointKind.VistaBaseShare, detected.Kind);
        Assert.True(detected.HasDeadFusionBlocks);
        Assert.Contains(detected.Findings, f => f.Contains("top-level") || f.Contains("'ocr_pos_projection.*'"));
    }

    [Fact]
    public void Deit_keys_are_deit_bare_or_with_the_model_prefix()
    {
        var bare = Keys(PublishedKeyTables.Deit);
        var plain = VistaLayoutDetector.Detect(bare);
        Assert.Equal(UmsCheckpointKind.Deit, plain.Kind);
        Assert.Null(plain.StrippedPrefix);

        var prefixed = VistaLayoutDetector.Detect([.. bare.Select(k => "model." + k)]);
        Assert.Equal(UmsCheckpointKind.Deit, prefixed.Kind);
        Assert.Equal("model.", prefixed.StrippedPrefix);
        Assert.Contains(prefixed.Findings, f => f.Contains("stripped") && f.Contains("§10 item 4"));
    }

    [Fact]
    public void Both_box_projections_is_an_error_naming_both()
    {
        var keys = Keys(PublishedKeyTables.Ctc);
        keys.Add("image_cls.backbone.ocr_pos_projection.weight");
        var error = Assert.Throws<CheckpointImportException>(() => VistaLayoutDetector.Detect(keys));
        Assert.Contains("'image_cls.backbone.ocr_pos_projection.*'", error.Message);
        Assert.Contains("'ocr_pos_projection.*'", error.Message);
    }

    [Fact]
    public void A_vl_checkpoint_without_a_box_projection_is_an_error()
    {
        var keys = Keys(PublishedKeyTables.Ctc).Where(k => !k.StartsWith("ocr_pos_projection.", StringComparison.Ordinal)).ToList();
        var error = Assert.Throws<CheckpointImportException>(() => VistaLayoutDetector.Detect(keys));
        Assert.Contains("without an OCR box projection", error.Message);
    }

    [Fact]
    public void Keys_of_another_model_are_refused_with_a_sample()
    {
        var error = Assert.Throws<CheckpointImportException>(() => VistaLayoutDetector.Detect(["encoder.weight", "decoder.weight"]));
        Assert.Contains("not a UMS model", error.Message);
        Assert.Contains("decoder.weight", error.Message);
    }
}
