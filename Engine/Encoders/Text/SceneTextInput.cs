namespace UmsOrleans.Engine.Encoders.Text;

/// <summary>
/// The scene-text inputs of one photo (spec §7.4): ids, mask and segment ids of the OCR strings joined by spaces,
/// and one normalised box per word-piece ([L × 4] as x0/W, y0/H, x1/W, y1/H).
/// </summary>
public sealed record SceneTextInput(PaddedTokens Tokens, float[] Boxes)
{
    private static readonly float[] WholeImage = [0, 0, 1, 1];

    /// <summary>
    /// Reproduces process_ocr_text / process_ocr_pos as they are, including their one flaw: boxes come from each
    /// string tokenised alone and ids from the joined string, so they line up only when joining changes no piece.
    /// </summary>
    public static SceneTextInput Create(BertTextTokenizer tokenizer, IReadOnlyList<SceneTextString> strings, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var length = tokenizer.MaxLength;
        var pieceBoxes = new List<float[]>();
        foreach (var text in strings)
        {
            // Not clipped to the photo, as in the original.
            float[] box = [text.X0 / width, text.Y0 / height, text.X1 / width, text.Y1 / height];
            pieceBoxes.AddRange(Enumerable.Repeat(box, tokenizer.Pieces(text.Text).Count));
        }

        var boxes = new float[length * 4];
        WholeImage.CopyTo(boxes, 0);
        var kept = Math.Min(pieceBoxes.Count, length - 2);
        for (var i = 0; i < kept; i++) pieceBoxes[i].CopyTo(boxes, (i + 1) * 4);
        WholeImage.CopyTo(boxes, (kept + 1) * 4);

        var tokens = tokenizer.EncodePadded(string.Join(' ', strings.Select(s => s.Text)));
        return new SceneTextInput(tokens, boxes);
    }
}
