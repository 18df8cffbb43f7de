using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Engine.Encoders.Manifests;

/// <summary>
/// Resolves a model reference: <c>default</c> (the offline model shipped in the build output), a name
/// configured under <c>Ums:Encoding:Models</c>, a model inside <c>Ums:Encoding:ModelsDirectory</c>, or (from
/// the operator's own command line only, see <see cref="Resolve"/>) any path to a manifest. Manifests are read once.
/// </summary>
public sealed class ManifestRegistry(IOptions<EncodingOptions> options)
{
    public const string DefaultModel = "default";
    public const string ModelsSetting = EncodingOptions.Section + ":" + nameof(EncodingOptions.Models);
    public const string ModelsDirectorySetting = EncodingOptions.Section + ":" + nameof(EncodingOptions.ModelsDirectory);
    private const string ManifestFile = "manifest.json";

    private readonly ConcurrentDictionary<string, ModelManifest> _byPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ModelManifest> _byReference = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ModelManifest> _byRequest = new(StringComparer.Ordinal);
    private readonly Lazy<DataRoot?> _modelsFolder = new(() =>
        string.IsNullOrWhiteSpace(options.Value.ModelsDirectory) ? null : new DataRoot(options.Value.ModelsDirectory));

    /// <summary>The manifest of the model shipped with the build (ResNet-18 image + MiniLM text).</summary>
    public static string DefaultManifestPath => Path.Combine(AppContext.BaseDirectory, "models", DefaultModel, ManifestFile);

    /// <summary>
    /// A model the operator named (command line, a stored collection's model): a configured name, a model of
    /// the models folder, or any manifest path or folder holding one.
    /// </summary>
    public ModelManifest Resolve(string model)
    {
        if (string.IsNullOrWhiteSpace(model)) throw new InvalidManifestException("a model name or manifest path is required.");
        // Searches and ingest batches resolve their collection's model on every call: the path work is done once per
        // reference (a failure is not kept, so a model put in place later is found).
        return _byReference.GetOrAdd(model, m => Read(ConfiguredPathOf(m) ?? PathOf(m)));
    }

    /// <summary>
    /// A model named by a client (HTTP): only <c>default</c>, a configured name or a model inside the models
    /// folder. Anything else is refused with the same message whether or not it exists on the server, and
    /// messages name the model as the client gave it, never a server path.
    /// </summary>
    public ModelManifest ResolveRequested(string model)
    {
        if (string.IsNullOrWhiteSpace(model)) throw new InvalidManifestException("a model name is required.");
        // Kept apart from Resolve's references: a path an operator used must not become nameable by clients.
        return _byRequest.GetOrAdd(model, ReadRequested);
    }

    private ModelManifest ReadRequested(string model)
    {
        var path = ConfiguredPathOf(model) ?? throw new InvalidManifestException(
            $"unknown model '{model}': use '{DefaultModel}', a name configured under {ModelsSetting}, or a model folder inside {ModelsDirectorySetting}.");
        try
        {
            return Read(path);
        }
        catch (InvalidManifestException exception)
        {
            throw new InvalidManifestException($"model '{model}' cannot be used: its manifest is missing or invalid ({RedactPath(exception.Message, path)}).");
        }
    }

    private ModelManifest Read(string path) => _byPath.GetOrAdd(Path.GetFullPath(path), ModelManifestReader.Read);

    /// <summary>The manifest path of a configured name, of <c>default</c> or of a model inside the models folder; else null.</summary>
    private string? ConfiguredPathOf(string model)
    {
        if (options.Value.Models.TryGetValue(model, out var configured)) return configured;
        if (model == DefaultModel) return DefaultManifestPath;
        if (_modelsFolder.Value is not { } folder || Path.IsPathRooted(model)) return null;
        var manifest = model.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? model : Path.Combine(model, ManifestFile);
        var (inside, _) = folder.Resolve(manifest); // refuses '..', links leading out and missing files
        return inside;
    }

    private static string PathOf(string model)
    {
        if (Directory.Exists(model)) return Path.Combine(model, ManifestFile);
        if (model.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return model;
        throw new InvalidManifestException($"unknown model '{model}': use '{DefaultModel}', a name configured under {ModelsSetting}, or a path to a manifest .json file.");
    }

    private static string RedactPath(string message, string path) =>
        message.Replace(Path.GetFullPath(path), ManifestFile, StringComparison.Ordinal).Replace(path, ManifestFile, StringComparison.Ordinal);
}
