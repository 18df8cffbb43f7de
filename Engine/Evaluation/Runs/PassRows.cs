namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>An encoded set's rows as a <see cref="SearchPass"/> searches them, projected chunk by chunk as they are read.</summary>
internal sealed class PassRows(EncodedSet set, SearchPass pass, Halves halves)
{
    public EncodedSet Set => set;

    public int Rows => set.Rows;

    public int Width { get; } = pass.Spaces(halves).Sum(s => s.Dimension);

    /// <summary>Rows [start, start + count) side by side.</summary>
    public float[] Read(int start, int count) => pass.Project(set.Vectors.Read(start, count), count, halves);
}
