using System.Globalization;
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

/// <param name="StrippedPrefix">A key prefix removed before matching (<c>model.</c>, see <see cref="DeitKeyPrefix"/>), or null.</param>
public sealed record UmsImportResult(
    string ManifestPath,
    string OnnxPath,
    long ParameterCount,
    IReadOnlyList<string> UnusedArrays,
    IReadOnlyDictionary<string, string> SkippedEntries,
    string? StrippedPrefix = null);

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
        StagedOutputFolder.EnsureWritable(outputDirectory);
        return Import(LoadedCheckpoint.Read(pdparamsPath), outputDirectory, options, cancellationToken);
    }

    /// <summary>Imports a checkpoint already read (the CLI reads once, then detects the layout).</summary>
    public static UmsImportResult Import(LoadedCheckpoint loaded, string outputDirectory, UmsImportOptions options,
                                         CancellationToken cancellationToken = default)
    {
        StagedOutputFolder.EnsureWritable(outputDirectory);
        var checkpoint = loaded.Checkpoint;
        var prefixed = DeitKeyPrefix.IsPrefixed([.. checkpoint.Tensors.Keys]);
        if (prefixed)
        {
            checkpoint = DeitKeyPrefix.Strip(checkpoint);
        }
        var unused = UmsCheckpointSchema.Validate(checkpoint, options.Config);
        cancellationToken.ThrowIfCancellationRequested();

        var source = SourceDescription(loaded, options, prefixed);
        var model = VitOnnxBuilder.Build(options.Config, checkpoint.Tensors, source);
        string target;
        using (var staging = StagedOutputFolder.Create(outputDirectory))
        {
            using (var file = File.Create(staging.PathOf(OnnxFileName)))
            {
                model.WriteTo(file);
            }
            cancellationToken.ThrowIfCancellationRequested();
            ModelManifestWriter.Write(staging.PathOf(ModelManifestWriter.FileName), Manifest(options, source));
            target = staging.Commit();
        }

        var parameters = UmsCheckpointSchema.Expected(options.Config).Sum(e => e.Shape.Aggregate(1L, (a, d) => a * d));
        return new UmsImportResult(Path.Combine(target, ModelManifestWriter.FileName), Path.Combine(target, OnnxFileName),
            parameters, unused, checkpoint.SkippedEntries, prefixed ? DeitKeyPrefix.Prefix : null);
    }

    private static Dictionary<string, string> SourceDescription(LoadedCheckpoint loaded, UmsImportOptions options, bool prefixed)
    {
        var c = options.Config;
        var source = new Dictionary<string, string>
        {
            ["format"] = "paddle-pdparams",
            ["checkpoint"] = loaded.FileName,
            ["checkpointSha256"] = loaded.Sha256,
            ["architecture"] = $"vit-prenorm depth={c.Depth} width={c.Width} heads={c.Heads} patch={c.PatchSize} " +
                               $"image={c.ImageSize} mlpRatio={c.MlpRatio} layerNormEps={VitConfig.LayerNormEpsilon.ToString(CultureInfo.InvariantCulture)} gelu=erf",
            ["output"] = "final LayerNorm, cls token, L2-normalised",
        };
        if (prefixed)
        {
            source["keyPrefix"] = $"'{DeitKeyPrefix.Prefix}' stripped from the checkpoint's keys";
        }
        return source;
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
