namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>Finds the encoder of a model (a name or a manifest path) for an evaluation run.</summary>
public interface IEvaluationEncoderFactory
{
    /// <summary>The encoder, or an <see cref="ArgumentException"/> that says why the model cannot be used.</summary>
    IEvaluationEncoder Create(string model);
}
