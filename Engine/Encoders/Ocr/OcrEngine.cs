using Microsoft.Extensions.Logging;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Ocr.Detection;
using UmsOrleans.Engine.Encoders.Ocr.Geometry;
using UmsOrleans.Engine.Encoders.Ocr.Models;
using UmsOrleans.Engine.Encoders.Ocr.Recognition;
using UmsOrleans.Engine.Encoders.Onnx;

namespace UmsOrleans.Engine.Encoders.Ocr;

/// <summary>
/// Scene text with PaddleOCR's PP-OCRv4 pipeline: DB detection, the optional 0°/180° classifier, CTC recognition.
/// Holds only ONNX Runtime sessions (shared, thread-safe), so any number of calls may run at once. The line crops
/// of all photos in a call are recognised together, in batches.
/// </summary>
public sealed class OcrEngine
{
    private readonly TextDetector _detector;
    private readonly AngleClassifier? _angleClassifier;
    private readonly TextRecognizer _recognizer;
    private readonly ImageDecoding _decoding;
    private readonly float _minConfidence;

    public OcrEngine(OcrModelFiles files, OcrOptions options, ImageDecoding decoding, ILogger logger, OnnxSessionCache? sessions = null)
    {
        sessions ??= OnnxSessionCache.Shared;
        var device = ExecutionDevice.Parse(options.Device);
        LoadedSession Load(string path) => sessions.GetOrCreate(new ModelFile(path, null), device, options.IntraOpThreads, logger);
        var postProcessor = new DbPostProcessor(options.PixelThreshold, options.BoxThreshold, options.UnclipRatio, options.MaxCandidates);
        _detector = new TextDetector(Load(files.Detection), postProcessor, options.DetectionLimitSide, options.DetectionLimitType == "min");
        _angleClassifier = options.UseAngleClassifier ? new AngleClassifier(Load(files.AngleClassifier), options.RecognitionBatchSize) : null;
        _recognizer = new TextRecognizer(Load(files.Recognition), CharacterDictionary.Load(files.Dictionary), options.RecognitionBatchSize);
        _decoding = decoding;
        _minConfidence = (float)options.MinConfidence;
    }

    public ExecutionDevice Device => _detector.Device;

    /// <summary>Reads encoded photos; a photo that cannot be decoded gets an <see cref="OcrResult.Error"/>, the others are read.</summary>
    public OcrResult[] Read(IReadOnlyList<byte[]> photos)
    {
        var images = new RgbImage?[photos.Count];
        var errors = new string?[photos.Count];
        for (var i = 0; i < photos.Count; i++)
        {
            try
            {
                images[i] = _decoding.Decode(photos[i]);
            }
            catch (InvalidImageException exception)
            {
                errors[i] = exception.Message;
            }
        }
        var read = Read([.. images.Where(image => image is not null).Select(image => image!)]);
        var next = 0;
        return [.. errors.Select(error => error is null ? read[next++] : new OcrResult([], error))];
    }

    public OcrResult[] Read(IReadOnlyList<RgbImage> images)
    {
        var boxes = images.Select(image => LineOrdering.Sort(_detector.Detect(image))).ToArray();
        var crops = new List<LineCrop>();
        var owners = new List<(int Image, Point2d[] Box)>();
        for (var i = 0; i < images.Count; i++)
        {
            foreach (var box in boxes[i])
            {
                var crop = LineCrop.Of(images[i], box);
                // As PaddleOCR's filter_tag_det_res: slivers of 3 pixels or less are not text.
                if (crop.Width <= 3 || crop.Height <= 3) continue;
                crops.Add(crop);
                owners.Add((i, box));
            }
        }
        var upright = _angleClassifier is null ? crops.ToArray() : _angleClassifier.Upright(crops);
        var texts = _recognizer.Read(upright);
        var lines = images.Select(_ => new List<OcrLine>()).ToArray();
        for (var c = 0; c < texts.Length; c++)
        {
            var (text, confidence) = texts[c];
            if (text.Length == 0 || confidence < _minConfidence) continue;
            var box = owners[c].Box.Select(p => new OcrPoint((float)p.X, (float)p.Y)).ToArray();
            lines[owners[c].Image].Add(new OcrLine(box, text, confidence));
        }
        return [.. lines.Select(list => new OcrResult(list))];
    }
}
