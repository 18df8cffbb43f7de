namespace UmsOrleans.Engine.Encoders.Onnx;

/// <summary>Where ONNX Runtime runs a model: the CPU provider, or the CUDA provider on one device.</summary>
public readonly record struct ExecutionDevice(bool IsCuda, int DeviceId)
{
    public static ExecutionDevice Cpu => new(false, 0);

    public static ExecutionDevice Cuda(int deviceId) => new(true, deviceId);

    public override string ToString() => IsCuda ? $"cuda:{DeviceId}" : "cpu";

    /// <summary><c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c> (cuda:0 when an NVIDIA device is present).</summary>
    public static bool TryParse(string? setting, out ExecutionDevice device)
    {
        var value = (setting ?? "auto").Trim().ToLowerInvariant();
        device = Cpu;
        switch (value)
        {
            case "cpu":
                return true;
            case "auto":
                device = NvidiaDevicePresent() ? Cuda(0) : Cpu;
                return true;
            case "cuda":
                device = Cuda(0);
                return true;
        }
        if (value.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(value.AsSpan(5), out var id) && id >= 0)
        {
            device = Cuda(id);
            return true;
        }
        return false;
    }

    public static ExecutionDevice Parse(string? setting) =>
        TryParse(setting, out var device) ? device : throw new ArgumentException($"'{setting}' is not one of auto, cpu, cuda, cuda:N.", nameof(setting));

    private static bool NvidiaDevicePresent() =>
        File.Exists("/dev/nvidia0") || (Directory.Exists("/proc/driver/nvidia/gpus") && Directory.EnumerateFileSystemEntries("/proc/driver/nvidia/gpus").Any());
}
