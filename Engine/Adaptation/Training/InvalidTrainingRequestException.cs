namespace UmsOrleans.Engine.Adaptation.Training;

/// <summary>A training request that cannot run on its collection; <see cref="Field"/> names the request field at fault.</summary>
public sealed class InvalidTrainingRequestException(string field, string message) : ArgumentException(message)
{
    public string Field { get; } = field;
}
