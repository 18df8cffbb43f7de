using UmsOrleans.Engine.Evaluation.Datasets;

namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>An item with its L2-normalised halves (a half is null when missing or not encoded).</summary>
public sealed record EncodedEvalItem(EvalItem Item, float[]? Image, float[]? Text);
