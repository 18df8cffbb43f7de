namespace UmsOrleans.Engine.Adaptation;

/// <summary>How <see cref="AdaptationTrainer"/> learns an adapter.</summary>
public sealed record AdaptationOptions
{
    /// <summary>The space the labeled vectors come from.</summary>
    public string SourceSpace { get; init; } = "image";

    /// <summary>The name of the adapted space.</summary>
    public string TargetSpace { get; init; } = "image.adapted";

    /// <summary>
    /// Candidate shrinkages α of the within-label scatter toward a scaled identity, (1 − α)·Sw + α·(tr Sw / d)·I;
    /// validation keeps the one with the best held-out top-1.
    /// </summary>
    public IReadOnlyList<double> Shrinkages { get; init; } = [0.001, 0.01, 0.03, 0.1, 0.3, 0.6, 0.9];

    /// <summary>At most this many output dimensions (never more than labels − 1 or the input dimension).</summary>
    public int? MaxDimension { get; init; }

    /// <summary>Chooses the held-out vectors; the same data and seed give the same adapter, byte for byte.</summary>
    public int Seed { get; init; }
}
