namespace UmsOrleans.Engine.Encoders.Ocr;

/// <summary>OCR cannot run in this process (no model files and no way to fetch them); the message says why and what to set.</summary>
public sealed class OcrUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
