using System.Globalization;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Evaluation.Runs;

namespace UmsOrleans.Engine.Evaluation.Adapters;

/// <summary>
/// An adapter a run searches through beside the raw vectors, checked against the run's model before anything
/// runs: every map must read one of the model's spaces (its image or its text space) at that space's dimension.
/// </summary>
public sealed class EvaluationAdapter
{
    private readonly LinearMap? _image;
    private readonly LinearMap? _text;

    private EvaluationAdapter(string path, Adapter adapter, LinearMap? image, LinearMap? text)
    {
        Path = path;
        Adapter = adapter;
        _image = image;
        _text = text;
    }

    public string Path { get; }

    public Adapter Adapter { get; }

    /// <summary>The map that projects the model's <paramref name="half"/> vectors, or null when the adapter leaves them raw.</summary>
    public LinearMap? MapOf(Halves half) => half == Halves.Image ? _image : half == Halves.Text ? _text : null;

    /// <exception cref="ArgumentException">The file cannot be read, is not an adapter, or does not fit the model.</exception>
    public static EvaluationAdapter Load(string path, IEvaluationEncoder encoder)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"adapter '{path}' could not be read: {exception.Message}", "adapter", exception);
        }
        Adapter adapter;
        try
        {
            adapter = AdapterCodec.Read(bytes);
        }
        catch (InvalidDataException exception)
        {
            throw new ArgumentException($"'{path}' is not a readable adapter: {exception.Message}", "adapter", exception);
        }
        return For(path, adapter, encoder);
    }

    /// <exception cref="ArgumentException">A map reads a space the model does not have, or at another dimension.</exception>
    public static EvaluationAdapter For(string path, Adapter adapter, IEvaluationEncoder encoder)
    {
        LinearMap? image = null, text = null;
        foreach (var map in adapter.Maps)
        {
            var (half, dimension) = map.SourceSpace == encoder.ImageSpace && encoder.ImageDimension is not null ? (Halves.Image, encoder.ImageDimension)
                : map.SourceSpace == encoder.TextSpace && encoder.TextDimension is not null ? (Halves.Text, encoder.TextDimension)
                : (default(Halves), null);
            if (dimension is null)
            {
                throw new ArgumentException($"adapter '{path}' maps space '{map.SourceSpace}', which model '{encoder.Model}' does not encode (it has {ModelSpaces(encoder)}).", "adapter");
            }
            if (dimension != map.InputDimension)
            {
                throw new ArgumentException($"adapter '{path}' reads {map.InputDimension}-d '{map.SourceSpace}' vectors but model '{encoder.Model}' makes {dimension}-d ones " +
                    "(it was trained with another model); train it with this model or evaluate with the model it was trained with.", "adapter");
            }
            if (half == Halves.Image) image = map;
            else text = map;
        }
        return new EvaluationAdapter(path, adapter, image, text);
    }

    /// <summary>What the report's configuration says about the adapter.</summary>
    public IEnumerable<KeyValuePair<string, string>> Describe()
    {
        var training = Adapter.Training;
        yield return new("adapter", Path);
        yield return new("adapter kind", $"{Adapter.Kind.ToString().ToLowerInvariant()} ({training.Method})");
        yield return new("adapter maps", string.Join(", ", Adapter.Maps.Select(m => $"{m.SourceSpace} {m.InputDimension}-d → {Adapter.TargetSpace} {m.OutputDimension}-d")));
        yield return new("adapter training", string.Create(CultureInfo.InvariantCulture,
            $"{training.Vectors} vectors, {training.Labels} labels, {training.Pairs} pairs; regularisation {training.Regularisation}; seed {Adapter.Seed}"));
    }

    private static string ModelSpaces(IEvaluationEncoder encoder) => string.Join(" and ", new[]
    {
        encoder.ImageDimension is { } image ? $"image space '{encoder.ImageSpace}' ({image}-d)" : null,
        encoder.TextDimension is { } text ? $"text space '{encoder.TextSpace}' ({text}-d)" : null,
    }.OfType<string>());
}
