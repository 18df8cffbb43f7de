using System.CommandLine;
using UmsOrleans.Importer;

namespace UmsOrleans.Gateway.Cli;

/// <summary>
/// <c>import-ums --pdparams FILE --out DIR</c>: turns a published UMS image-encoder checkpoint (PaddlePaddle
/// <c>.pdparams</c>) into <c>DIR/model.onnx</c> plus <c>DIR/manifest.json</c>, usable wherever a model
/// manifest is. Exit codes: <see cref="ExitCodes"/>, listed in the verb's help.
/// </summary>
public static class ImportUmsCommand
{
    public const int InvalidInputExitCode = ExitCodes.InvalidInput;

    public static Command Create()
    {
        var defaults = VitConfig.DeitBase16;
        var pdparams = new Option<FileInfo>("--pdparams") { Description = "The checkpoint, e.g. ums_sop.pdparams", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "New (or empty) folder for model.onnx and manifest.json", Required = true };
        var name = new Option<string?>("--name") { Description = "Model name in the manifest (default: the checkpoint's file name)" };
        var depth = new Option<int>("--depth") { Description = "Transformer blocks", DefaultValueFactory = _ => defaults.Depth };
        var width = new Option<int>("--width") { Description = "Embedding width", DefaultValueFactory = _ => defaults.Width };
        var heads = new Option<int>("--heads") { Description = "Attention heads", DefaultValueFactory = _ => defaults.Heads };
        var patch = new Option<int>("--patch-size") { Description = "Patch size in pixels", DefaultValueFactory = _ => defaults.PatchSize };
        var image = new Option<int>("--image-size") { Description = "Input (crop) size in pixels", DefaultValueFactory = _ => defaults.ImageSize };
        var shorter = new Option<int?>("--shorter-side") { Description = "Resize the shorter image side to this before the crop (default: 248 at 224 px, scaled likewise)" };

        var command = new Command("import-ums", ExitCodes.Describe(
            "Import a UMS image-encoder checkpoint (.pdparams, DeiT-B/16 for the SOP / In-Shop models) as an ONNX model and model manifest.",
            (ExitCodes.Success, "the model and its manifest were written"),
            (ExitCodes.Failed, "the model could not be written (I/O error, permissions)"),
            (ExitCodes.InvalidInput, "bad arguments, an unreadable or unexpected checkpoint, or an output folder that is not new or empty")));
        foreach (var option in new Option[] { pdparams, output, name, depth, width, heads, patch, image, shorter })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var file = parseResult.GetValue(pdparams)!;
            var config = new VitConfig(parseResult.GetValue(depth), parseResult.GetValue(width), parseResult.GetValue(heads),
                parseResult.GetValue(patch), parseResult.GetValue(image));
            var options = new UmsImportOptions(
                parseResult.GetValue(name) ?? Path.GetFileNameWithoutExtension(file.Name),
                config,
                parseResult.GetValue(shorter) ?? (int)Math.Round(config.ImageSize * 248.0 / 224.0));
            var stdout = parseResult.InvocationConfiguration.Output;
            try
            {
                var result = await Task.Run(
                    () => UmsCheckpointImporter.Import(file.FullName, parseResult.GetValue(output)!.FullName, options, cancellationToken),
                    cancellationToken);
                await stdout.WriteLineAsync($"Imported {result.ParameterCount:N0} parameters ({UmsCheckpointSchema.Describe(config)}).");
                if (result.UnusedArrays.Count > 0)
                {
                    await stdout.WriteLineAsync($"Not used by the image encoder: {string.Join(", ", result.UnusedArrays)}");
                }
                await stdout.WriteLineAsync($"ONNX model: {result.OnnxPath}");
                await stdout.WriteLineAsync($"Manifest:   {result.ManifestPath}");
                return ExitCodes.Success;
            }
            catch (CheckpointImportException e)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"import-ums: {e.Message}");
                return InvalidInputExitCode;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"import-ums: could not write the model: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }
}
