using System.Text.Json;
using UmsOrleans.Importer;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Models.Import;

/// <summary>
/// A small random-weight checkpoint written by <c>make_tiny_pdparams.py</c> (CPython's own pickler, numpy's
/// pickle layout), plus the same weights as JSON so tests can check them without the pickle reader.
/// </summary>
public sealed class TinyCheckpoint : IDisposable
{
    public static readonly VitConfig Config = new(Depth: 2, Width: 64, Heads: 4, PatchSize: 8, ImageSize: 32);

    private readonly string _directory;

    private TinyCheckpoint(string directory, string pdparams, IReadOnlyDictionary<string, SidecarTensor> weights)
    {
        _directory = directory;
        PdparamsPath = pdparams;
        Weights = weights;
    }

    public string PdparamsPath { get; }

    /// <summary>The weights as the script generated them (row-major), read from the JSON sidecar.</summary>
    public IReadOnlyDictionary<string, SidecarTensor> Weights { get; }

    public string Directory => _directory;

    /// <summary>Runs the generator with <see cref="Config"/> and any extra arguments (e.g. "--protocol", "2").</summary>
    public static TinyCheckpoint Generate(params string[] extraArguments)
    {
        var directory = TestPaths.NewTempDirectory("tiny-pdparams");
        var pdparams = Path.Combine(directory, "tiny.pdparams");
        var json = Path.Combine(directory, "tiny.json");
        PythonScript.Run("tests/UmsOrleans.Tests/Models/Import/make_tiny_pdparams.py",
            new[] { pdparams, json, "--depth", $"{Config.Depth}", "--width", $"{Config.Width}", "--heads", $"{Config.Heads}",
                "--patch", $"{Config.PatchSize}", "--image", $"{Config.ImageSize}" }.Concat(extraArguments));
        using var sidecar = File.OpenRead(json);
        var weights = JsonSerializer.Deserialize<Dictionary<string, SidecarTensor>>(sidecar)!;
        return new TinyCheckpoint(directory, pdparams, weights);
    }

    public UmsImportOptions ImportOptions(string name = "tiny") => new(name, Config, ShorterSide: 35);

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);
}

public sealed record SidecarTensor(
    [property: System.Text.Json.Serialization.JsonPropertyName("shape")] int[] Shape,
    [property: System.Text.Json.Serialization.JsonPropertyName("values")] double[] Values);
