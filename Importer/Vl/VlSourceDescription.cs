using System.Globalization;

namespace UmsOrleans.Importer.Vl;

/// <summary>Where an imported vision-language model came from, for the manifest's <c>source</c> and the ONNX metadata.</summary>
internal static class VlSourceDescription
{
    public static Dictionary<string, string> Create(LoadedCheckpoint loaded, VistaLayout layout, VistaDimensions d, bool lowerCase,
                                                    string lowerCaseReason, IReadOnlyList<string> findings) => new()
    {
        ["format"] = "paddle-pdparams",
        ["checkpoint"] = loaded.FileName,
        ["checkpointSha256"] = loaded.Sha256,
        ["layout"] = layout.ToString(),
        ["architecture"] = d.Describe() + "; ViT pre-LN eps 1e-6, BERT post-LN eps 1e-12, erf GELU, fusion depth " +
                           VistaDimensions.FusionDepth.ToString(CultureInfo.InvariantCulture),
        ["vocabularySize"] = d.VocabularySize.ToString(CultureInfo.InvariantCulture),
        ["lowerCase"] = $"{(lowerCase ? "true" : "false")} ({lowerCaseReason})",
        ["outputs"] = "image_embedding and fusion_embedding (image.onnx), text_embedding (text.onnx): projected to " +
                      $"{d.ProjectionWidth.ToString(CultureInfo.InvariantCulture)} and L2-normalised",
        ["findings"] = string.Join("; ", findings),
    };
}
