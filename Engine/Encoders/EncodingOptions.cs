using System.ComponentModel.DataAnnotations;

namespace UmsOrleans.Engine.Encoders;

/// <summary>How this process encodes images and texts (section <c>Ums:Encoding</c>).</summary>
public sealed class EncodingOptions : IValidatableObject
{
    public const string Section = "Ums:Encoding";

    /// <summary>
    /// <c>cpu</c>, <c>cuda</c> / <c>cuda:N</c> (the CUDA execution provider on device N; CPU when it cannot
    /// load), or <c>auto</c> (cuda:0 when an NVIDIA device is present, else cpu).
    /// </summary>
    public string Device { get; set; } = "auto";

    /// <summary>
    /// The accelerator this silo advertises in its silo metadata (<c>hardware.accelerator</c>): empty = derived
    /// from <see cref="Device"/> (<c>gpu</c> when the CUDA provider loads); <c>gpu</c> or <c>none</c> to force it.
    /// </summary>
    public string? Accelerator { get; set; }

    /// <summary>Model names → manifest paths, beside the built-in <c>default</c>.</summary>
    public Dictionary<string, string> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A folder of models that HTTP requests may name by their path inside it (a folder holding
    /// <c>manifest.json</c>, or a manifest file); empty = none. Requests cannot name any other path.
    /// </summary>
    public string? ModelsDirectory { get; set; }

    /// <summary>ONNX Runtime threads per inference run; 0 = its default (one per core).</summary>
    [Range(0, 256, ErrorMessage = $"{Section}:{nameof(IntraOpThreads)} must be from {{1}} to {{2}}.")]
    public int IntraOpThreads { get; set; }

    /// <summary>Most items one batch carries.</summary>
    [Range(1, 1024, ErrorMessage = $"{Section}:{nameof(MaxBatchSize)} must be from {{1}} to {{2}}.")]
    public int MaxBatchSize { get; set; } = 16;

    /// <summary>How long the first request of a batch waits for others to join it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10", ErrorMessage = $"{Section}:{nameof(MaxBatchWait)} must be from 00:00:00 to 00:00:10.")]
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Batches of one model run at the same time on one session (ONNX Runtime runs are thread-safe).</summary>
    [Range(1, 64, ErrorMessage = $"{Section}:{nameof(ConcurrentBatches)} must be from {{1}} to {{2}}.")]
    public int ConcurrentBatches { get; set; } = 1;

    /// <summary>Encoder grains per model (each an activation of its own, placed on an accelerator silo when there is one).</summary>
    [Range(1, 256, ErrorMessage = $"{Section}:{nameof(GrainsPerModel)} must be from {{1}} to {{2}}.")]
    public int GrainsPerModel { get; set; } = 2;

    /// <summary>Largest encoded image accepted, in bytes.</summary>
    [Range(1, int.MaxValue, ErrorMessage = $"{Section}:{nameof(MaxImageBytes)} must be from {{1}} to {{2}}.")]
    public int MaxImageBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Largest decoded image accepted, in pixels (width × height), checked before decoding.</summary>
    [Range(1, int.MaxValue, ErrorMessage = $"{Section}:{nameof(MaxImagePixels)} must be from {{1}} to {{2}}.")]
    public int MaxImagePixels { get; set; } = 40_000_000;

    /// <summary>Most frames an image (GIF, TIFF, WebP) may have; the first frame is encoded.</summary>
    [Range(1, 10_000, ErrorMessage = $"{Section}:{nameof(MaxImageFrames)} must be from {{1}} to {{2}}.")]
    public int MaxImageFrames { get; set; } = 16;

    public ImageLimits ImageLimits => new(MaxImageBytes, MaxImagePixels, MaxImageFrames);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Onnx.ExecutionDevice.TryParse(Device, out _))
        {
            yield return new ValidationResult($"Ums:Encoding:Device '{Device}' is not one of auto, cpu, cuda, cuda:N.", [nameof(Device)]);
        }
        if (Accelerator is { Length: > 0 } a && a is not ("gpu" or "none"))
        {
            yield return new ValidationResult($"Ums:Encoding:Accelerator '{a}' must be empty, 'gpu' or 'none'.", [nameof(Accelerator)]);
        }
    }
}

/// <summary>What an untrusted image may cost before it is rejected.</summary>
public readonly record struct ImageLimits(int MaxBytes, int MaxPixels, int MaxFrames);
