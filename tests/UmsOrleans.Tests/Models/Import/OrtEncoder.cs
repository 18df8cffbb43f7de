using Microsoft.ML.OnnxRuntime;

namespace UmsOrleans.Tests.Models.Import;

/// <summary>Runs an imported encoder with ONNX Runtime's CPU provider.</summary>
public sealed class OrtEncoder : IDisposable
{
    private readonly InferenceSession _session;

    public OrtEncoder(string modelPath) => _session = new InferenceSession(modelPath);

    public OrtEncoder(byte[] model) => _session = new InferenceSession(model);

    public InferenceSession Session => _session;

    public (float[] Values, long[] Shape) Run(string inputName, string outputName, float[] input, long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [inputName], [value], [outputName]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[0].GetTensorTypeAndShape().Shape);
    }

    public void Dispose() => _session.Dispose();
}
