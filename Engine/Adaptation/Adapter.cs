namespace UmsOrleans.Engine.Adaptation;

/// <summary>
/// A learned linear adapter: one <see cref="LinearMap"/> per source space into <see cref="TargetSpace"/>
/// (one map for <see cref="AdapterKind.Adapt"/>, two for <see cref="AdapterKind.Align"/>), with what it was
/// trained on, the validation scores that chose its regularisation, and the seed. Stored with
/// <see cref="AdapterCodec"/>.
/// </summary>
public sealed record Adapter(
    AdapterKind Kind,
    string TargetSpace,
    int TargetDimension,
    IReadOnlyList<LinearMap> Maps,
    AdapterTraining Training,
    IReadOnlyList<ValidationScore> Validation,
    int Seed)
{
    /// <summary>The map that reads <paramref name="sourceSpace"/>.</summary>
    public LinearMap MapFor(string sourceSpace) =>
        Maps.FirstOrDefault(m => m.SourceSpace == sourceSpace)
        ?? throw new ArgumentException($"the adapter maps {string.Join(", ", Maps.Select(m => $"'{m.SourceSpace}'"))} into '{TargetSpace}', not '{sourceSpace}'.", nameof(sourceSpace));

    /// <summary>One vector of <paramref name="sourceSpace"/> in the target space, L2-normalised.</summary>
    public float[] Project(string sourceSpace, ReadOnlySpan<float> vector) => MapFor(sourceSpace).Project(vector);

    /// <summary>Rows of <paramref name="sourceSpace"/> in the target space, each L2-normalised.</summary>
    public VectorRows Project(string sourceSpace, VectorRows rows) => MapFor(sourceSpace).Project(rows);
}
