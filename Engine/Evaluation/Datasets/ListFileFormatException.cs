namespace UmsOrleans.Engine.Evaluation.Datasets;

/// <summary>A list file that does not follow its layout. Unlike a missing image, this stops the run: the
/// labels themselves would be wrong.</summary>
public sealed class ListFileFormatException(string file, int line, string problem)
    : Exception($"{file}, line {line}: {problem}")
{
    public string File { get; } = file;

    public int Line { get; } = line;
}
