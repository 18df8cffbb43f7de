using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;

namespace UmsOrleans.Importer;

/// <summary>What to import and how to describe it.</summary>
/// <param name="Name">Model name in the manifest.</param>
/// <param name="Config">Architecture the checkpoint must match (DeiT-B/16 at 224 px for the published models).</param>
/// <param name="ShorterSide">Resize target of the shorter image side before the centre crop.</param>
public sealed record UmsImportOptions(string Name, VitConfig Config, int ShorterSide)
{
    /// <summary>The published SOP / In-Shop models: DeiT-B/16, shorter side resized to 248, then a 224 centre crop.</summary>
    public static UmsImportOptions Published(string name) => new(name, VitConfig.DeitBase16, 248);
}

public sealed record UmsImportResult(
    string ManifestPath,
    string OnnxPath,
    long ParameterCount,
    IReadOnlyList<string> UnusedArrays,
    IReadOnlyDictionary<string, string> SkippedEntries);

/// <summary>
/// Imports a UMS image-encoder checkpoint (<c>.pdparams</c>) as an ONNX model plus model manifest. The output
/// folder appears whole or not at all: everything is written to a sibling temporary folder that is renamed
/// into place at the end.
/// </summary>
public static class UmsCheckpointImporter
{
    public const string OnnxFileName = "model.onnx";

    public static UmsImportResult Import(string pdparamsPath, string outputDirectory, UmsImportOptions options,
                                         CancellationToken cancellationToken = default)
    {
        var target = Path.GetFullPath(outputDirectory);
        EnsureWritableTarget(target);
        var checkpoint = PdparamsReader.Read(pdparamsPath);
        var unused = UmsCheckpointSchema.Validate(checkpoint, options.Config);
        cancellationToken.ThrowIfCancellationRequested();

        var source = SourceDescription(pdparamsPath, options);
        var model = VitOnnxBuilder.Build(options.Config, checkpoint.Tensors, source);
        var staging = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.importing-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
            using (var file = File.Create(Path.Combine(staging, OnnxFileName)))
            {
                model.WriteTo(file);
            }
            cancellationToken.ThrowIfCancellationRequested();
            ModelManifestWriter.Write(Path.Combine(staging, ModelManifestWriter.FileName), Manifest(options, source));
            if (Directory.Exists(target))
            {
                Directory.Delete(target); // empty, checked above; Move needs the name free
            }
            Directory.Move(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        var parameters = UmsCheckpointSchema.Expected(options.Config).Sum(e => e.Shape.Aggregate(1L, (a, d) => a * d));
        return new UmsImportResult(Path.Combine(target, ModelManifestWriter.FileName), Path.Combine(target, OnnxFileName),
            parameters, unused, checkpoint.SkippedEntries);
    }

    private static void EnsureWritableTarget(string target)
    {
        if (File.Exists(target))
        {
            throw new CheckpointImportException($"output {target} is a file; give a folder that does not exist yet or is empty");
        }
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new CheckpointImportException($"output folder {target} is not empty; give a new or empty folder");
        }
        var parent = Path.GetDirectoryName(target);
        if (parent is null || !Directory.Exists(parent))
        {
            throw new CheckpointImportException($"the folder that would hold {target} ({parent}) does not exist");
        }
    }

    private static Dictionary<string, string> SourceDescription(string pdparamsPath, UmsImportOptions options)
    {
        using var stream = File.OpenRead(pdparamsPath);
        var c = options.Config;
        return new Dictionary<string, string>
        {
            ["format"] = "paddle-pdparams",
            ["checkpoint"] = Path.GetFileName(pdparamsPath),
            ["checkpointSha256"] = Convert.ToHexStringLower(SHA256.HashData(stream)),
            ["architecture"] = $"vit-prenorm depth={c.Depth} width={c.Width} heads={c.Heads} patch={c.PatchSize} " +
                               $"image={c.ImageSize} mlpRatio={c.MlpRatio} layerNormEps={VitConfig.LayerNormEpsilon.ToString(CultureInfo.InvariantCulture)} gelu=erf",
            ["output"] = "final LayerNorm, cls token, L2-normalised",
        };
    }

    private static Engine.Encoders.Manifests.ModelManifest Manifest(UmsImportOptions options, IReadOnlyDictionary<string, string> source) =>
        ModelManifestWriter.ImageEncoder(
            options.Name,
            $"UMS image encoder imported from {source["checkpoint"]} ({UmsCheckpointSchema.Describe(options.Config)})",
            options.Config.Width,
            OnnxFileName,
            VitOnnxBuilder.InputName,
            VitOnnxBuilder.OutputName,
            ModelManifestWriter.ImageNetPreprocessing(options.Config.ImageSize, options.ShorterSide),
            source);
}
