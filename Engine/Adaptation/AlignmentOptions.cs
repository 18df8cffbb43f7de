namespace UmsOrleans.Engine.Adaptation;

/// <summary>How two spaces are brought into one.</summary>
public enum AlignmentMethod
{
    /// <summary>Regularised canonical correlation analysis: both spaces into a shared space of canonical components.</summary>
    Cca,

    /// <summary>Ridge regression from text into the (centred) photo space; photos keep their space.</summary>
    Ridge,
}

/// <summary>How <see cref="AlignmentTrainer"/> learns an adapter.</summary>
public sealed record AlignmentOptions
{
    public string PhotoSpace { get; init; } = "image";

    public string TextSpace { get; init; } = "text";

    public string TargetSpace { get; init; } = "shared";

    public AlignmentMethod Method { get; init; } = AlignmentMethod.Cca;

    /// <summary>
    /// Candidate shrinkages α of each space's covariance toward a scaled identity (CCA), or of the text
    /// covariance (ridge); validation keeps the best.
    /// </summary>
    public IReadOnlyList<double> Regularisations { get; init; } = [0.01, 0.03, 0.1, 0.3, 0.6, 0.9];

    /// <summary>CCA: at most this many shared components (fewer when the pairs carry fewer correlations).</summary>
    public int MaxDimension { get; init; } = 128;

    /// <summary>Chooses the held-out pairs; the same data and seed give the same adapter, byte for byte.</summary>
    public int Seed { get; init; }
}
