using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace UmsOrleans.Engine.Encoders.Manifests;

/// <summary>
/// Resolves a model reference: <c>default</c> (the offline model shipped in the build output), a name
/// configured under <c>Ums:Encoding:Models</c>, or a path to a manifest file. Manifests are read once.
/// </summary>
public sealed class ManifestRegistry(IOptions<EncodingOptions> options)
{
    public const string DefaultModel = "default";

    private readonly ConcurrentDictionary<string, ModelManifest> _byPath = new(StringComparer.Ordinal);

    /// <summary>The manifest of the model shipped with the build (ResNet-18 image + MiniLM text).</summary>
    public static string DefaultManifestPath => Path.Combine(AppContext.BaseDirectory, "models", "default", "manifest.json");

    public ModelManifest Resolve(string model)
    {
        if (string.IsNullOrWhiteSpace(model)) throw new InvalidManifestException("a model name or manifest path is required.");
        var path = PathOf(model);
        return _byPath.GetOrAdd(Path.GetFullPath(path), ModelManifestReader.Read);
    }

    private string PathOf(string model)
    {
        if (options.Value.Models.TryGetValue(model, out var configured)) return configured;
        if (model == DefaultModel) return DefaultManifestPath;
        if (Directory.Exists(model)) return Path.Combine(model, "manifest.json");
        if (model.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return model;
        throw new InvalidManifestException($"unknown model '{model}': use 'default', a name configured under Ums:Encoding:Models, or a path to a manifest .json file.");
    }
}
