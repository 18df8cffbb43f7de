using System.Numerics.Tensors;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Engine.Adaptation;

/// <summary>
/// One space's way into an adapter's target space: y = (x − <see cref="Mean"/>) · W, then L2-normalised.
/// <see cref="Weights"/> is W, row-major <see cref="InputDimension"/> × <see cref="OutputDimension"/>.
/// </summary>
public sealed class LinearMap
{
    // W transposed (one row per output component) and mean·W, so a projection is one Dot per component.
    private readonly float[] _components;
    private readonly float[] _offset;

    public LinearMap(string sourceSpace, int inputDimension, int outputDimension, float[] mean, float[] weights)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceSpace);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputDimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputDimension, 1);
        if (mean.Length != inputDimension) throw new ArgumentException($"the mean has {mean.Length} values, the input dimension is {inputDimension}.", nameof(mean));
        if (weights.Length != inputDimension * outputDimension)
        {
            throw new ArgumentException($"the weights have {weights.Length} values, {inputDimension}×{outputDimension} expected.", nameof(weights));
        }
        SourceSpace = sourceSpace;
        InputDimension = inputDimension;
        OutputDimension = outputDimension;
        Mean = mean;
        Weights = weights;
        _components = new float[weights.Length];
        for (var i = 0; i < inputDimension; i++)
        {
            for (var j = 0; j < outputDimension; j++) _components[j * inputDimension + i] = weights[i * outputDimension + j];
        }
        _offset = new float[outputDimension];
        for (var j = 0; j < outputDimension; j++) _offset[j] = TensorPrimitives.Dot(mean, Component(j));
    }

    public string SourceSpace { get; }

    public int InputDimension { get; }

    public int OutputDimension { get; }

    public float[] Mean { get; }

    public float[] Weights { get; }

    /// <summary>Projects one vector into <paramref name="output"/> (length <see cref="OutputDimension"/>) and L2-normalises it.</summary>
    public void Project(ReadOnlySpan<float> vector, Span<float> output)
    {
        if (vector.Length != InputDimension) throw new ArgumentException($"the vector has {vector.Length} values, the map reads {InputDimension}.", nameof(vector));
        if (output.Length != OutputDimension) throw new ArgumentException($"the output has {output.Length} values, the map writes {OutputDimension}.", nameof(output));
        for (var j = 0; j < OutputDimension; j++) output[j] = TensorPrimitives.Dot(vector, Component(j)) - _offset[j];
        var norm = TensorPrimitives.Norm(output);
        if (norm > 0) TensorPrimitives.Divide(output, norm, output);
    }

    public float[] Project(ReadOnlySpan<float> vector)
    {
        var output = new float[OutputDimension];
        Project(vector, output);
        return output;
    }

    /// <summary>Rows per parallel pass of <see cref="Project(VectorRows)"/>: enough for the batch kernel to reuse each tile of components.</summary>
    private const int ProjectionChunkRows = 512;

    /// <summary>
    /// Projects every row (chunks of rows spread over the cores): what re-projecting a shard's vectors costs. Each chunk is
    /// one matrix product through the search's batch kernel (the components are its "queries"), about 5× the speed of a
    /// dot product per component and row.
    /// </summary>
    public VectorRows Project(VectorRows rows)
    {
        if (rows.Dimension != InputDimension) throw new ArgumentException($"the rows have {rows.Dimension} values, the map reads {InputDimension}.", nameof(rows));
        var output = new float[rows.Count * OutputDimension];
        var ones = Enumerable.Repeat(1f, OutputDimension).ToArray();
        var scoreRows = Enumerable.Range(0, OutputDimension).ToArray();
        var chunks = (rows.Count + ProjectionChunkRows - 1) / ProjectionChunkRows;
        Parallel.For(0, chunks, chunk =>
        {
            var first = chunk * ProjectionChunkRows;
            var count = Math.Min(ProjectionChunkRows, rows.Count - first);
            var dots = new float[OutputDimension * count]; // component-major: dots[j · count + i]
            BatchDotKernel.AccumulateScores(_components, InputDimension, ones, scoreRows, rows.Data.AsSpan(first * InputDimension, count * InputDimension), count, dots, count);
            for (var i = 0; i < count; i++)
            {
                var row = output.AsSpan((first + i) * OutputDimension, OutputDimension);
                for (var j = 0; j < OutputDimension; j++) row[j] = dots[j * count + i] - _offset[j];
                var norm = TensorPrimitives.Norm(row);
                if (norm > 0) TensorPrimitives.Divide(row, norm, row);
            }
        });
        return new VectorRows(output, OutputDimension);
    }

    private ReadOnlySpan<float> Component(int j) => _components.AsSpan(j * InputDimension, InputDimension);

    /// <summary>A map from float64 training results (mean of length d, W row-major d × k).</summary>
    internal static LinearMap FromDoubles(string sourceSpace, double[] mean, double[] weights, int outputDimension) =>
        new(sourceSpace, mean.Length, outputDimension, [.. mean.Select(v => (float)v)], [.. weights.Select(v => (float)v)]);
}
