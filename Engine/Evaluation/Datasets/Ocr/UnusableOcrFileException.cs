namespace UmsOrleans.Engine.Evaluation.Datasets.Ocr;

/// <summary>An image's OCR file cannot be used as UMS uses it (a line Python's parser raises on): the sample is dropped.</summary>
public sealed class UnusableOcrFileException(string message, Exception inner) : Exception(message, inner);
