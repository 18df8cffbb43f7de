namespace UmsOrleans.Importer.Vl;

/// <summary>
/// Tells a DeiT, VistaBase or VistaBaseShare checkpoint apart by key names alone (spec §10 items 2–4): the OCR box
/// projection inside the backbone means VistaBase, at the top level VistaBaseShare (the file size fits either, §6.5);
/// DeiT keys are expected bare, and a <c>model.</c> prefix is stripped and reported.
/// </summary>
public static class VistaLayoutDetector
{
    private const string DeitPrefix = DeitKeyPrefix.Prefix;
    private const string DeitAnchor = DeitKeyPrefix.Anchor;

    public static DetectedLayout Detect(IReadOnlyCollection<string> keys)
    {
        var set = keys as IReadOnlySet<string> ?? keys.ToHashSet(StringComparer.Ordinal);
        bool Has(string prefix) => keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal));

        var backboneBox = Has(VistaKeys.BoxProjection(VistaLayout.VistaBase) + ".");
        var topLevelBox = Has(VistaKeys.BoxProjection(VistaLayout.VistaBaseShare) + ".");
        var vl = Has(VistaKeys.Backbone) || Has(VistaKeys.TextModel);
        if (vl || backboneBox || topLevelBox)
        {
            return DetectVl(backboneBox, topLevelBox, Has(VistaKeys.DeadFusionBlocks));
        }
        if (set.Contains(DeitAnchor))
        {
            if (set.Contains(DeitPrefix + DeitAnchor))
            {
                throw new CheckpointImportException(
                    $"checkpoint holds both '{DeitAnchor}' and '{DeitPrefix}{DeitAnchor}': two copies of the DeiT weights, so it is unclear which to import");
            }
            return new DetectedLayout(UmsCheckpointKind.Deit, null, false,
                ["DeiT image encoder; keys carry no prefix, as the published loader expects (§10 item 4)"]);
        }
        if (set.Contains(DeitPrefix + DeitAnchor))
        {
            // DeitBase's own state_dict names its ViT "model.*". The published loader looks keys up without the prefix,
            // so it would have kept random weights; the names still identify the tensors one to one, so we strip it.
            return new DetectedLayout(UmsCheckpointKind.Deit, DeitPrefix, false,
                [$"DeiT image encoder; keys carry the '{DeitPrefix}' prefix of DeitBase's own state dict (the published loader expects none " +
                 "and would have left random weights, §10 item 4): stripped, the names match one to one"]);
        }
        var sample = keys.Order(StringComparer.Ordinal).Take(5).ToList();
        throw new CheckpointImportException(
            $"checkpoint is not a UMS model: it has neither '{DeitAnchor}' (DeiT, SOP / In-Shop) nor '{VistaKeys.Backbone}*' / " +
            $"'{VistaKeys.TextModel}*' keys (Product1M / COCO-CTC); it holds {keys.Count} arrays" +
            (sample.Count > 0 ? $": {string.Join(", ", sample)}{(keys.Count > 5 ? ", …" : "")}" : ""));
    }

    private static DetectedLayout DetectVl(bool backboneBox, bool topLevelBox, bool deadBlocks)
    {
        string Box(VistaLayout layout) => $"'{VistaKeys.BoxProjection(layout)}.*'";
        if (backboneBox && topLevelBox)
        {
            throw new CheckpointImportException(
                $"checkpoint holds both {Box(VistaLayout.VistaBase)} (VistaBase) and {Box(VistaLayout.VistaBaseShare)} (VistaBaseShare); " +
                "it cannot be told which layout the OCR stream follows");
        }
        if (!backboneBox && !topLevelBox)
        {
            throw new CheckpointImportException(
                $"vision-language checkpoint without an OCR box projection: expected {Box(VistaLayout.VistaBase)} (VistaBase, Product1M) " +
                $"or {Box(VistaLayout.VistaBaseShare)} (VistaBaseShare, COCO-CTC)");
        }
        var kind = backboneBox ? UmsCheckpointKind.VistaBase : UmsCheckpointKind.VistaBaseShare;
        var findings = new List<string>
        {
            backboneBox
                ? $"layout VistaBase (§10 items 2–3): the box projection is {Box(VistaLayout.VistaBase)}, so the OCR stream runs in the backbone's own BERT"
                : $"layout VistaBaseShare (§10 items 2–3): the box projection is {Box(VistaLayout.VistaBaseShare)}, so the caption BERT (text_model) " +
                  "runs the OCR stream before the fusion and the backbone BERT only its last two layers",
            deadBlocks
                ? $"'{VistaKeys.DeadFusionBlocks}*' present: never called by the model code, left out of the graphs"
                : $"'{VistaKeys.DeadFusionBlocks}*' absent (never called by the model code, so nothing is missing)",
        };
        return new DetectedLayout(kind, null, deadBlocks, findings);
    }
}
