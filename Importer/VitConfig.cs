namespace UmsOrleans.Importer;

/// <summary>
/// The shape of a plain pre-norm ViT image encoder (DeiT/timm naming): patch conv, cls token, learned position
/// embedding, <see cref="Depth"/> blocks, final LayerNorm, cls token, L2 normalisation.
/// </summary>
public sealed record VitConfig(int Depth, int Width, int Heads, int PatchSize, int ImageSize, int MlpRatio = 4)
{
    /// <summary>The UMS SOP / In-Shop encoder: DeiT-B/16 at 224 px.</summary>
    public static VitConfig DeitBase16 { get; } = new(Depth: 12, Width: 768, Heads: 12, PatchSize: 16, ImageSize: 224);

    public const int Channels = 3;

    public const double LayerNormEpsilon = 1e-6;

    public int HeadDim => Width / Heads;

    public int MlpWidth => Width * MlpRatio;

    public int PatchesPerSide => ImageSize / PatchSize;

    /// <summary>Patches plus the cls token.</summary>
    public int Tokens => PatchesPerSide * PatchesPerSide + 1;

    /// <summary>Throws with a message naming the setting when the numbers do not describe a valid ViT.</summary>
    public void Validate()
    {
        Require(Depth > 0, $"depth must be positive (got {Depth})");
        Require(Width > 0 && Heads > 0 && Width % Heads == 0, $"width {Width} must be a positive multiple of heads {Heads}");
        Require(PatchSize > 0 && ImageSize > 0 && ImageSize % PatchSize == 0,
            $"image size {ImageSize} must be a positive multiple of patch size {PatchSize}");
        Require(MlpRatio > 0, $"MLP ratio must be positive (got {MlpRatio})");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new CheckpointImportException("invalid model settings: " + message);
        }
    }
}
