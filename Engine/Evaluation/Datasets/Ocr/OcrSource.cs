namespace UmsOrleans.Engine.Evaluation.Datasets.Ocr;

/// <summary>Where a scene-text model's OCR strings come from in an evaluation (<c>--ocr</c>, <c>"ocr"</c>).</summary>
public enum OcrSource
{
    /// <summary>The dataset's precomputed OCR files (§7.4), as the published numbers were made.</summary>
    Files = 0,

    /// <summary>The cluster's OCR engine reads each photo.</summary>
    Engine = 1,

    /// <summary>No scene text at all: every photo gets the empty <c>[CLS][SEP]</c> input.</summary>
    None = 2,
}
