namespace UmsOrleans.Engine.Encoders.Ocr;

/// <summary>What was read from one photo of a batch: its lines in reading order, or why the photo was refused.</summary>
public sealed record OcrResult(IReadOnlyList<OcrLine> Lines, string? Error = null)
{
    /// <summary>The lines' texts joined by spaces.</summary>
    public string Text => string.Join(' ', Lines.Select(line => line.Text));
}
