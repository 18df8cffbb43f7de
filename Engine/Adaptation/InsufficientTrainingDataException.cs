namespace UmsOrleans.Engine.Adaptation;

/// <summary>Training data below what a trainer needs; the message names the minimum and what was found.</summary>
public sealed class InsufficientTrainingDataException(string what, int minimum, int found)
    : ArgumentException($"an adapter needs at least {minimum} {what}; found {found}.")
{
    public int Minimum { get; } = minimum;

    public int Found { get; } = found;
}
