using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Onnx;

namespace UmsOrleans.Grains.Placement;

/// <summary>The silo metadata entry that marks a silo with an accelerator, and how a silo decides it has one.</summary>
public static class SiloAccelerator
{
    public const string MetadataKey = "hardware.accelerator";
    public const string Gpu = "gpu";
    public const string None = "none";

    /// <summary>
    /// <c>gpu</c> when configured so, or when the configured device is CUDA and its provider loads; else <c>none</c>.
    /// </summary>
    public static string Advertised(EncodingOptions options)
    {
        if (options.Accelerator is { Length: > 0 } configured) return configured;
        return ExecutionDevice.TryParse(options.Device, out var device) && device.IsCuda && OnnxSessionCache.Shared.TryCuda(device, out _)
            ? Gpu
            : None;
    }
}
