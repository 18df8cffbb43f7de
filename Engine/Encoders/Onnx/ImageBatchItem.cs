using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Engine.Encoders.Onnx;

/// <summary>
/// One image as the image model takes it: its preprocessed pixels (<see cref="Images.ImagePreprocessor.TensorLength"/>
/// floats) and, for a scene-text model, the ids, mask and boxes of the text read from it (null for pixel-only models).
/// </summary>
public sealed record ImageBatchItem(float[] Pixels, SceneTextInput? SceneText = null);
