using System.Text.Json;
using System.Text.Json.Serialization;

namespace UmsOrleans.Engine.Encoders.Manifests;

/// <summary>Reads a manifest file and checks that it describes a usable model before anything is loaded.</summary>
public static class ModelManifestReader
{
    /// <summary>The manifest's JSON conventions, also used by <see cref="Write"/>.</summary>
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static ModelManifest Read(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath)) throw new InvalidManifestException($"model manifest '{path}' does not exist.");
        ModelManifest? manifest;
        try
        {
            using var stream = File.OpenRead(fullPath);
            manifest = JsonSerializer.Deserialize<ModelManifest>(stream, Json);
        }
        catch (JsonException exception)
        {
            throw new InvalidManifestException($"model manifest '{path}' is not valid: {exception.Message}", exception);
        }
        if (manifest is null) throw new InvalidManifestException($"model manifest '{path}' is empty.");
        manifest = manifest with { BaseDirectory = Path.GetDirectoryName(fullPath)! };
        Validate(manifest, path);
        return manifest;
    }

    /// <summary>Writes a manifest in the form <see cref="Read"/> takes (after validating it).</summary>
    public static void Write(string path, ModelManifest manifest)
    {
        Validate(manifest, path);
        File.WriteAllText(path, JsonSerializer.Serialize(manifest, Json));
    }

    public static void Validate(ModelManifest manifest, string source)
    {
        void Fail(string message) => throw new InvalidManifestException($"model manifest '{source}': {message}");

        if (string.IsNullOrWhiteSpace(manifest.Name)) Fail("'name' is required.");
        if (manifest.Spaces is not { Count: > 0 }) Fail("'spaces' must name at least one space.");
        if (manifest.Spaces.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != manifest.Spaces.Count) Fail("'spaces' has duplicate names.");
        foreach (var space in manifest.Spaces)
        {
            if (string.IsNullOrWhiteSpace(space.Name)) Fail("every space needs a 'name'.");
            if (space.Dimension is < 1 or > 65536) Fail($"space '{space.Name}' has dimension {space.Dimension}; expected 1..65536.");
        }
        if (manifest.Image is null && manifest.Text is null) Fail("an 'image' or a 'text' encoder is required.");
        foreach (var (field, weight) in manifest.KeywordWeights ?? new Dictionary<string, float>())
        {
            if (!Search.Keyword.KeywordFieldNames.All.Contains(field)) Fail($"'keywordWeights' names '{field}'; the fields are {string.Join(", ", Search.Keyword.KeywordFieldNames.All)}.");
            if (!float.IsFinite(weight) || weight < 0) Fail($"'keywordWeights.{field}' must be a number of 0 or more.");
        }
        if (manifest.Image is { } image)
        {
            if (manifest.FindSpace(image.Space) is null) Fail($"'image.space' names '{image.Space}', which is not in 'spaces'.");
            var p = image.Preprocessing;
            if (p is null) Fail("'image.preprocessing' is required.");
            if (p!.Crop < 1 || p.ShorterSide < p.Crop) Fail($"'image.preprocessing' needs 1 <= crop ({p.Crop}) <= shorterSide ({p.ShorterSide}).");
            if (p.Divisor <= 0) Fail("'image.preprocessing.divisor' must be positive.");
            if (p.Mean is not { Length: 3 } || p.Std is not { Length: 3 }) Fail("'image.preprocessing.mean' and 'std' need 3 values.");
            if (p.Std.Any(s => s == 0)) Fail("'image.preprocessing.std' must not contain 0.");
            if (p.Onnx is not null && (p.OnnxInput is null || p.OnnxOutput is null)) Fail("'image.preprocessing.onnx' needs 'onnxInput' and 'onnxOutput'.");
            if (image.SceneText is { } sceneText)
            {
                if (string.IsNullOrWhiteSpace(sceneText.Vocab)) Fail("'image.sceneText.vocab' is required.");
                if (sceneText.MaxLength is < 3 or > 512) Fail($"'image.sceneText.maxLength' is {sceneText.MaxLength}; expected 3..512.");
            }
        }
        if (manifest.Text is { } text)
        {
            if (manifest.FindSpace(text.Space) is null) Fail($"'text.space' names '{text.Space}', which is not in 'spaces'.");
            if (text.MaxLength is < 3 or > 4096) Fail($"'text.maxLength' is {text.MaxLength}; expected 3..4096.");
            if (text.Pooling == Pooling.Mean && text.AttentionMask is null) Fail("'text.pooling' mean needs 'attentionMask'.");
        }
        foreach (var field in manifest.Fields)
        {
            var encoder = field.Space == manifest.Image?.Space && field.Field == ProductFields.Photo ? "image"
                : field.Space == manifest.Text?.Space && field.Field != ProductFields.Photo ? "text"
                : null;
            if (encoder is null) Fail($"field '{field.Field}' feeds space '{field.Space}', which no encoder of that kind produces.");
        }
    }
}
