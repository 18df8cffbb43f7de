using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace UmsOrleans.Engine.Encoders.Onnx;

/// <summary>An inference session and the device it actually runs on (CPU when CUDA was asked for but failed).</summary>
public sealed record LoadedSession(InferenceSession Session, ExecutionDevice Requested, ExecutionDevice Actual);

/// <summary>
/// One ONNX Runtime session per model file per device for the whole process (sessions are thread-safe
/// and large: every silo hosted in the process shares them). A CUDA provider that cannot load is reported
/// once per device with one log line, and that device's models run on the CPU provider.
/// </summary>
public sealed partial class OnnxSessionCache
{
    public static OnnxSessionCache Shared { get; } = new();

    private readonly ConcurrentDictionary<(string File, ExecutionDevice Device, int Threads), Lazy<LoadedSession>> _sessions = new();
    private readonly ConcurrentDictionary<ExecutionDevice, string?> _cudaFailures = new();

    public LoadedSession GetOrCreate(ModelFile file, ExecutionDevice device, int intraOpThreads, ILogger logger) =>
        _sessions.GetOrAdd((file.Key, device, intraOpThreads), key => new Lazy<LoadedSession>(() => Create(file, device, intraOpThreads, logger))).Value;

    /// <summary>True when the CUDA provider can be appended for <paramref name="device"/>; else why not.</summary>
    public bool TryCuda(ExecutionDevice device, out string? reason)
    {
        reason = _cudaFailures.GetOrAdd(device, static d =>
        {
            // ONNX Runtime would also print the failure through its own native logger; the fallback has its own line.
            var environment = OrtEnv.Instance();
            var level = environment.EnvLogLevel;
            environment.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
            try
            {
                using var options = new SessionOptions();
                options.AppendExecutionProvider_CUDA(d.DeviceId);
                return null;
            }
            catch (Exception exception) when (exception is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
            {
                return exception.Message.ReplaceLineEndings(" ");
            }
            finally
            {
                environment.EnvLogLevel = level;
            }
        });
        return reason is null;
    }

    private LoadedSession Create(ModelFile file, ExecutionDevice device, int intraOpThreads, ILogger logger)
    {
        var actual = device;
        if (device.IsCuda && !TryCuda(device, out var reason))
        {
            actual = ExecutionDevice.Cpu;
            if (_reported.TryAdd(device, 0)) LogCudaFallback(logger, device.ToString(), reason!);
        }
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = intraOpThreads,
        };
        // Spinning intra-op threads burn the cores that decoding, other batches and the silo itself need.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        try
        {
            if (actual.IsCuda) options.AppendExecutionProvider_CUDA(actual.DeviceId);
            var session = file.Resource is null ? new InferenceSession(file.Path, options) : new InferenceSession(file.ReadAllBytes(), options);
            LogSessionLoaded(logger, file.Key, actual.ToString());
            return new LoadedSession(session, device, actual);
        }
        finally
        {
            options.Dispose();
        }
    }

    private readonly ConcurrentDictionary<ExecutionDevice, byte> _reported = new();

    [LoggerMessage(Level = LogLevel.Warning, Message = "CUDA execution provider unavailable for {Device}, falling back to CPU: {Reason}")]
    private static partial void LogCudaFallback(ILogger logger, string device, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "ONNX model {Model} loaded on {Device}")]
    private static partial void LogSessionLoaded(ILogger logger, string model, string device);
}
