namespace UmsOrleans.Engine.Encoders.Ocr;

/// <summary>A point in image pixels.</summary>
public readonly record struct OcrPoint(float X, float Y);

/// <summary>
/// One line of text read from a photo: its box (top-left, top-right, bottom-right, bottom-left, in the photo's
/// pixels), the text and the recogniser's confidence (mean probability of its characters, 0..1).
/// </summary>
public sealed record OcrLine(IReadOnlyList<OcrPoint> Box, string Text, float Confidence);
