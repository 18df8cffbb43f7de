using Microsoft.ML.OnnxRuntime;
using UmsOrleans.Engine.Encoders.Images;
using UmsOrleans.Engine.Encoders.Ocr.Geometry;
using UmsOrleans.Engine.Encoders.Onnx;

namespace UmsOrleans.Engine.Encoders.Ocr.Detection;

/// <summary>Runs the DB text detector on one photo and returns its text boxes in the photo's pixels (thread-safe).</summary>
public sealed class TextDetector(LoadedSession model, DbPostProcessor postProcessor, int limitSide, bool raiseShorterSide)
{
    private readonly string _input = model.Session.InputMetadata.Keys.First();
    private readonly string _output = model.Session.OutputMetadata.Keys.First();

    public ExecutionDevice Device => model.Actual;

    public List<Point2d[]> Detect(RgbImage image)
    {
        var (width, height) = DetectionInput.Size(image.Width, image.Height, limitSide, raiseShorterSide);
        var tensor = DetectionInput.Tensor(image, width, height);
        using var input = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, height, width]);
        using var runOptions = new RunOptions();
        using var outputs = model.Session.Run(runOptions, [_input], [input], [_output]);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        int mapHeight = (int)shape[^2], mapWidth = (int)shape[^1];
        return postProcessor.Boxes(outputs[0].GetTensorDataAsSpan<float>(), mapWidth, mapHeight, image.Width, image.Height);
    }
}
