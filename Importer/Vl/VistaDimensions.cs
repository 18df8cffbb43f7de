namespace UmsOrleans.Importer.Vl;

/// <summary>
/// The sizes of a UMS vision-language model (spec §5). Everything but the head count and the fixed image geometry is
/// read from tensor shapes by <see cref="VistaDimensionReader"/>; the schema then checks every key against them.
/// </summary>
public sealed record VistaDimensions(
    int Width,
    int VitDepth,
    int VitMlpWidth,
    int BertLayers,
    int BertFeedForwardWidth,
    int VocabularySize,
    int MaxPositions,
    int ProjectionWidth,
    int Heads)
{
    /// <summary>ViT blocks and BERT layers that run as the paired fusion streams (the last two of each).</summary>
    public const int FusionDepth = 2;

    public const int PatchSize = 16;
    public const int ImageSize = 224;
    public const int Channels = 3;

    /// <summary>Rows of the ViT token-type table: 0 = image, 1 unused, 2 = fusion token.</summary>
    public const int ImageTokenTypes = 3;

    /// <summary>paddlenlp BERT's token-type vocabulary.</summary>
    public const int TextTokenTypes = 2;

    public const int BoxCoordinates = 4;

    /// <summary>Patches plus the cls token (197 at 224 px, patch 16).</summary>
    public static int ImageTokens => (ImageSize / PatchSize) * (ImageSize / PatchSize) + 1;

    /// <summary>The published models (§5), with the vocabulary of the checkpoint (21128 for Product1M, 30522 for COCO-CTC).</summary>
    public static VistaDimensions Published(int vocabularySize) => new(768, 12, 3072, 12, 3072, vocabularySize, 512, 512, 12);

    public string Describe() =>
        $"width {Width}, {Heads} heads, ViT depth {VitDepth} (MLP {VitMlpWidth}), BERT layers {BertLayers} (FFN {BertFeedForwardWidth}), " +
        $"vocabulary {VocabularySize}, {MaxPositions} positions, projection {ProjectionWidth}";

    /// <summary>Throws with a message naming the size when the numbers cannot describe the model of §3–4.</summary>
    public void Validate()
    {
        Require(Heads > 0 && Width > 0 && Width % Heads == 0, $"width {Width} must be a positive multiple of heads {Heads} (--heads)");
        Require(VitDepth > FusionDepth, $"ViT depth {VitDepth} must exceed the fusion depth {FusionDepth}");
        Require(BertLayers > FusionDepth, $"BERT layers {BertLayers} must exceed the fusion depth {FusionDepth}");
        Require(MaxPositions >= Math.Max(VlGraphNames.TextLength, VlGraphNames.SceneTextLength),
            $"the BERT position table has {MaxPositions} rows; texts of {VlGraphNames.TextLength} tokens need at least that many");
        Require(VitMlpWidth > 0 && BertFeedForwardWidth > 0 && VocabularySize > 0 && ProjectionWidth > 0, "sizes must be positive");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new CheckpointImportException("invalid model sizes: " + message);
    }
}
