namespace UmsOrleans.Importer.Vl;

/// <summary>One parameter a layout defines: its name, shape, whether the imported graphs read it, and its group (§6.4).</summary>
public sealed record ExpectedKey(string Name, int[] Shape, bool Used, string Group)
{
    public long Parameters => Shape.Aggregate(1L, (a, d) => a * d);
}

/// <summary>
/// Every key a <see cref="VistaLayout"/> checkpoint holds as the model code defines it (spec §6), in Paddle's layout
/// (Linear [in, out], conv OIHW), each marked used or unused by the imported graphs. At the published sizes this is
/// exactly the published key tables (<c>keys_p1m_vistabase.tsv</c> with the dead fusion blocks,
/// <c>keys_ctc_vistabaseshare.tsv</c> without).
/// </summary>
public static class VistaSchema
{
    public const string DeadFusionBlocksGroup = "image_cls.backbone.scene_text_fusion_blocks.* (never called)";

    public static IReadOnlyList<ExpectedKey> Expected(VistaLayout layout, VistaDimensions d, bool withDeadFusionBlocks)
    {
        var keys = new List<ExpectedKey>();
        void Add(string name, int[] shape, bool used, string group) => keys.Add(new ExpectedKey(name, shape, used, group));
        var w = d.Width;
        const string P = VistaKeys.Backbone;
        var share = layout == VistaLayout.VistaBaseShare;

        foreach (var head in new[] { VistaKeys.ImageProjection, VistaKeys.TextProjection, VistaKeys.FusionProjection })
        {
            Add(head, [w, d.ProjectionWidth], true, "projection heads");
        }
        var box = VistaKeys.BoxProjection(layout);
        Add(box + ".weight", [VistaDimensions.BoxCoordinates, w], true, box + " (OCR boxes)");
        Add(box + ".bias", [w], true, box + " (OCR boxes)");

        const string embedding = "image_cls.backbone image embeddings and fusion token";
        Add(P + "patch_embed.proj.weight", [w, VistaDimensions.Channels, VistaDimensions.PatchSize, VistaDimensions.PatchSize], true, embedding);
        Add(P + "patch_embed.proj.bias", [w], true, embedding);
        Add(P + "pos_embed", [1, VistaDimensions.ImageTokens, w], true, embedding);
        Add(P + "cls_token", [1, 1, w], true, embedding);
        Add(P + "token_type_embeddings.weight", [VistaDimensions.ImageTokenTypes, w], true, embedding);
        Add(P + "fusion_token", [1, 1, w], true, embedding);
        Add(P + "fusion_pos_embed", [1, 1, w], true, embedding);
        for (var b = 0; b < d.VitDepth; b++)
        {
            AddVitBlock(keys, VistaKeys.VitBlock(b), d, true, b < d.VitDepth - VistaDimensions.FusionDepth
                ? "image_cls.backbone.blocks (before the fusion)" : "image_cls.backbone.blocks (image-side fusion)");
        }
        Add(P + "norm.weight", [w], true, "image_cls.backbone.norm");
        Add(P + "norm.bias", [w], true, "image_cls.backbone.norm");
        if (withDeadFusionBlocks)
        {
            for (var b = 0; b < VistaDimensions.FusionDepth; b++)
            {
                AddVitBlock(keys, $"{VistaKeys.DeadFusionBlocks}{b}.", d, false, DeadFusionBlocksGroup);
            }
        }
        // The backbone BERT: all of it runs the OCR stream in VistaBase; in Share only its last two layers do.
        AddBert(keys, VistaKeys.BackboneBert, d, embeddingsUsed: !share, layerUsed: i => !share || i >= d.BertLayers - VistaDimensions.FusionDepth);
        AddBert(keys, VistaKeys.TextModel, d, embeddingsUsed: true, layerUsed: _ => true);
        return keys;
    }

    private static void AddVitBlock(List<ExpectedKey> keys, string p, VistaDimensions d, bool used, string group)
    {
        int w = d.Width, m = d.VitMlpWidth;
        (string, int[])[] block =
        [
            ("norm1.weight", [w]), ("norm1.bias", [w]),
            ("attn.qkv.weight", [w, 3 * w]), ("attn.qkv.bias", [3 * w]),
            ("attn.proj.weight", [w, w]), ("attn.proj.bias", [w]),
            ("norm2.weight", [w]), ("norm2.bias", [w]),
            ("mlp.fc1.weight", [w, m]), ("mlp.fc1.bias", [m]),
            ("mlp.fc2.weight", [m, w]), ("mlp.fc2.bias", [w]),
        ];
        keys.AddRange(block.Select(k => new ExpectedKey(p + k.Item1, k.Item2, used, group)));
    }

    private static void AddBert(List<ExpectedKey> keys, string bert, VistaDimensions d, bool embeddingsUsed, Func<int, bool> layerUsed)
    {
        int w = d.Width, f = d.BertFeedForwardWidth;
        var e = bert + "embeddings.";
        var embeddings = $"{e}* ({(embeddingsUsed ? "used" : "unused")})";
        keys.Add(new(e + "word_embeddings.weight", [d.VocabularySize, w], embeddingsUsed, embeddings));
        keys.Add(new(e + "position_embeddings.weight", [d.MaxPositions, w], embeddingsUsed, embeddings));
        keys.Add(new(e + "token_type_embeddings.weight", [VistaDimensions.TextTokenTypes, w], embeddingsUsed, embeddings));
        keys.Add(new(e + "layer_norm.weight", [w], embeddingsUsed, embeddings));
        keys.Add(new(e + "layer_norm.bias", [w], embeddingsUsed, embeddings));
        string LayerGroup(bool used)
        {
            var members = Enumerable.Range(0, d.BertLayers).Where(i => layerUsed(i) == used).ToList();
            return $"{bert}encoder.layers.{{{members[0]}..{members[^1]}}} ({(used ? "used" : "unused")})";
        }
        for (var i = 0; i < d.BertLayers; i++)
        {
            var used = layerUsed(i);
            var group = LayerGroup(used);
            var p = VistaKeys.BertLayer(bert, i);
            foreach (var projection in new[] { "q_proj", "k_proj", "v_proj", "out_proj" })
            {
                keys.Add(new($"{p}self_attn.{projection}.weight", [w, w], used, group));
                keys.Add(new($"{p}self_attn.{projection}.bias", [w], used, group));
            }
            keys.Add(new(p + "linear1.weight", [w, f], used, group));
            keys.Add(new(p + "linear1.bias", [f], used, group));
            keys.Add(new(p + "linear2.weight", [f, w], used, group));
            keys.Add(new(p + "linear2.bias", [w], used, group));
            foreach (var norm in new[] { "norm1", "norm2" })
            {
                keys.Add(new($"{p}{norm}.weight", [w], used, group));
                keys.Add(new($"{p}{norm}.bias", [w], used, group));
            }
        }
        keys.Add(new(bert + "pooler.dense.weight", [w, w], false, bert + "pooler.* (never used)"));
        keys.Add(new(bert + "pooler.dense.bias", [w], false, bert + "pooler.* (never used)"));
    }
}
