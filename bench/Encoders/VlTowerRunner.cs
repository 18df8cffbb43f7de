using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Ocr;
using UmsOrleans.Engine.Encoders.Onnx;
using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Bench.Encoders;

/// <summary>
/// <c>vl-towers --model DIR/manifest.json [--data DIR] [--images 16] [--texts 64] [--batches 1,8] [--device cpu|cuda]</c>:
/// an imported vision-language model (import-ums of a Product1M / COCO-CTC checkpoint): OCR photos/s (PP-OCRv4 on
/// grocery package photos, where there is text to read), image-tower images/s fed the photos' real OCR input and fed no text ([CLS][SEP]), the whole
/// photo path (OCR, then the tower), and text-tower texts/s on catalog titles. Bare ONNX Runtime sessions,
/// tensors prepared before the clock starts, so the figures are the towers' own.
/// </summary>
public static class VlTowerRunner
{
    public static async Task<int> RunAsync(Args args)
    {
        var manifest = ModelManifestReader.Read(args.String("model", "model/manifest.json"));
        var data = args.String("data", "../shared/datasets/grocery");
        var batches = args.Ints("batches", [1, 8]);
        var device = ExecutionDevice.Parse(args.String("device", "cpu"));
        var image = manifest.Image ?? throw new ArgumentException("the model has no image tower.");
        var sceneTextSpec = image.SceneText ?? throw new ArgumentException("the model's image tower reads no scene text: not a vision-language import.");
        var text = manifest.Text ?? throw new ArgumentException("the model has no text tower.");

        var photos = File.ReadLines(Path.Combine(data, "Ebay_test.txt")).Skip(1).Where(line => line.Contains("/Packages/", StringComparison.Ordinal)).Take(args.Int("images", 16))
            .Select(line => File.ReadAllBytes(Path.Combine(data, line.Split(' ')[3]))).ToList();
        var titles = File.ReadLines(Path.Combine(data, "catalog.jsonl")).Take(args.Int("texts", 64))
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("title").GetString()!).ToList();

        var decoding = new ImageDecoding(new EncodingOptions().ImageLimits);
        var ocr = new OcrEngine(await Engine.Encoders.Ocr.Models.OcrModelLocator.LocateAsync(new OcrOptions(), CancellationToken.None),
            new OcrOptions { Device = device.ToString().ToLowerInvariant() }, decoding, NullLogger.Instance);
        ocr.Read([photos[0]]);
        var clock = Stopwatch.StartNew();
        var lines = ocr.Read(photos);
        var ocrPerSecond = photos.Count / clock.Elapsed.TotalSeconds;

        BertTextTokenizer Tokenizer(string vocab, bool lowerCase, int length)
        {
            using var stream = ModelFile.Resolve(manifest, vocab).OpenRead();
            return new BertTextTokenizer(stream, lowerCase, length);
        }
        var ocrTokenizer = Tokenizer(sceneTextSpec.Vocab, sceneTextSpec.LowerCase, sceneTextSpec.MaxLength);
        var preprocessor = new ImagePreprocessor(image.Preprocessing, image.Layout);
        var decoded = photos.Select(decoding.Decode).ToList();
        var pixels = decoded.Select(photo =>
        {
            var tensor = new float[preprocessor.TensorLength];
            preprocessor.Write(photo, tensor);
            return tensor;
        }).ToList();
        var withText = decoded.Select((photo, i) => SceneTextInput.Create(ocrTokenizer, [.. lines[i].Lines.Select(SceneTextString.FromLine)], photo.Width, photo.Height)).ToList();
        var withoutText = decoded.Select(photo => SceneTextInput.Create(ocrTokenizer, [], photo.Width, photo.Height)).ToList();
        var wordsRead = lines.Sum(l => l.Lines.Count);

        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (device.IsCuda) options.AppendExecutionProvider_CUDA(device.DeviceId);
        using var imageSession = new InferenceSession(ModelFile.Resolve(manifest, image.Onnx).Path, options);
        using var textSession = new InferenceSession(ModelFile.Resolve(manifest, text.Onnx).Path, options);
        var textTokenizer = Tokenizer(text.Vocab, text.LowerCase, text.MaxLength);

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {device}; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"model: {manifest.Name} ({manifest.Description})");
        Console.WriteLine($"OCR (PP-OCRv4, {photos.Count} grocery package photos, {wordsRead} lines read): {ocrPerSecond:0.00} photos/s");
        Console.WriteLine("| batch | image tower, real OCR input (images/s) | image tower, no text (images/s) | photo → OCR → tower (images/s) | text tower (texts/s) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var batch in batches)
        {
            var real = Rate(photos.Count, batch, (start, count) => RunImage(imageSession, image, sceneTextSpec, pixels, withText, start, count));
            var empty = Rate(photos.Count, batch, (start, count) => RunImage(imageSession, image, sceneTextSpec, pixels, withoutText, start, count));
            var endToEnd = 1 / (1 / ocrPerSecond + 1 / real);
            var texts = Rate(titles.Count, batch, (start, count) => RunText(textSession, text, textTokenizer, titles, start, count));
            Console.WriteLine($"| {batch} | {real:0.00} | {empty:0.00} | {endToEnd:0.00} | {texts:0.0} |");
        }
        return 0;
    }

    /// <summary>Items per second over all items in batches of <paramref name="batch"/>, after one warm-up batch.</summary>
    private static double Rate(int items, int batch, Action<int, int> run)
    {
        run(0, Math.Min(batch, items));
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < items; start += batch) run(start, Math.Min(batch, items - start));
        return items / clock.Elapsed.TotalSeconds;
    }

    private static void RunImage(InferenceSession session, ImageEncoderSpec spec, SceneTextInputSpec sceneText,
                                 List<float[]> pixels, List<SceneTextInput> ocr, int start, int count)
    {
        var length = pixels[0].Length;
        var tokens = sceneText.MaxLength;
        var pixelBatch = new float[count * length];
        var ids = new long[count * tokens];
        var mask = new long[count * tokens];
        var boxes = new float[count * tokens * 4];
        for (var i = 0; i < count; i++)
        {
            pixels[start + i].CopyTo(pixelBatch, i * length);
            ocr[start + i].Tokens.Ids.CopyTo(ids, i * tokens);
            ocr[start + i].Tokens.Mask.CopyTo(mask, i * tokens);
            ocr[start + i].Boxes.CopyTo(boxes, i * tokens * 4);
        }
        var crop = spec.Preprocessing.Crop;
        using var pixelValue = OrtValue.CreateTensorValueFromMemory(pixelBatch, [count, 3, crop, crop]);
        using var idValue = OrtValue.CreateTensorValueFromMemory(ids, [count, tokens]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [count, tokens]);
        using var boxValue = OrtValue.CreateTensorValueFromMemory(boxes, [count, tokens, 4]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [spec.Input, sceneText.InputIds, sceneText.AttentionMask, sceneText.Boxes],
            [pixelValue, idValue, maskValue, boxValue], [spec.Output]);
    }

    private static void RunText(InferenceSession session, TextEncoderSpec spec, BertTextTokenizer tokenizer, List<string> titles, int start, int count)
    {
        var batch = tokenizer.EncodeBatch(titles.GetRange(start, count));
        long[] shape = [batch.Count, batch.Length];
        using var ids = OrtValue.CreateTensorValueFromMemory(batch.Ids, shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [spec.InputIds, spec.AttentionMask!], [ids, mask], [spec.Output]);
    }
}
