using System.Text.RegularExpressions;

namespace UmsOrleans.Importer.Vl;

/// <summary>Reads a vision-language model's sizes from a few anchor tensors and the layer indices in the key names.</summary>
public static partial class VistaDimensionReader
{
    public static VistaDimensions Read(IReadOnlyDictionary<string, CheckpointTensor> tensors, int heads)
    {
        int Dim(string key, int axis, string what)
        {
            if (!tensors.TryGetValue(key, out var tensor))
            {
                throw new CheckpointImportException($"checkpoint is missing key '{key}', from which the {what} is read");
            }
            if (tensor.Shape.Length <= axis)
            {
                throw new CheckpointImportException($"checkpoint key '{key}' has shape {tensor.ShapeText}; the {what} is read from its axis {axis}");
            }
            return tensor.Shape[axis];
        }
        var text = VistaKeys.TextModel;
        return new VistaDimensions(
            Width: Dim(VistaKeys.Backbone + "cls_token", 2, "width"),
            VitDepth: Count(tensors.Keys, VitBlockIndex()),
            VitMlpWidth: Dim(VistaKeys.VitBlock(0) + "mlp.fc1.weight", 1, "ViT MLP width"),
            BertLayers: Count(tensors.Keys, TextLayerIndex()),
            BertFeedForwardWidth: Dim(VistaKeys.BertLayer(text, 0) + "linear1.weight", 1, "BERT feed-forward width"),
            VocabularySize: Dim(text + "embeddings.word_embeddings.weight", 0, "vocabulary size"),
            MaxPositions: Dim(text + "embeddings.position_embeddings.weight", 0, "BERT position count"),
            ProjectionWidth: Dim(VistaKeys.ImageProjection, 1, "embedding (projection) width"),
            Heads: heads);
    }

    /// <summary>Highest index + 1 (a gap then shows up as missing keys, not as a shorter model).</summary>
    private static int Count(IEnumerable<string> keys, Regex index) =>
        keys.Select(k => index.Match(k)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value) + 1).DefaultIfEmpty(0).Max();

    [GeneratedRegex(@"^image_cls\.backbone\.blocks\.(\d+)\.")]
    private static partial Regex VitBlockIndex();

    [GeneratedRegex(@"^text_model\.encoder\.layers\.(\d+)\.")]
    private static partial Regex TextLayerIndex();
}
