using System.CommandLine;
using UmsOrleans.Importer;
using UmsOrleans.Importer.Vl;

namespace UmsOrleans.Gateway.Cli;

/// <summary>
/// <c>import-ums --pdparams FILE [--vocab FILE | --config DIR] --out DIR</c>: turns a published UMS checkpoint
/// (PaddlePaddle <c>.pdparams</c>) into a model folder usable wherever a model manifest is. The layout is read from
/// the key names: a DeiT image encoder (SOP / In-Shop) becomes <c>model.onnx</c>; a vision-language model
/// (Product1M <c>VistaBase</c>, COCO-CTC <c>VistaBaseShare</c>) becomes <c>image.onnx</c>, <c>text.onnx</c> and
/// <c>vocab.txt</c>. Exit codes: <see cref="ExitCodes"/>, listed in the verb's help.
/// </summary>
public static class ImportUmsCommand
{
    public const int InvalidInputExitCode = ExitCodes.InvalidInput;

    public static Command Create()
    {
        var defaults = VitConfig.DeitBase16;
        var pdparams = new Option<FileInfo>("--pdparams") { Description = "The checkpoint, e.g. ums_sop.pdparams or ums_ctc.pdparams", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "New (or empty) folder for the model files and manifest.json", Required = true };
        var name = new Option<string?>("--name") { Description = "Model name in the manifest (default: the checkpoint's file name)" };
        var vocab = new Option<FileInfo?>("--vocab") { Description = "Vision-language checkpoints: the BERT vocab.txt (its lines must equal the word-embedding rows)" };
        var config = new Option<DirectoryInfo?>("--config") { Description = "Vision-language checkpoints: a paddlenlp config folder (config_p1m / config_ctc) with vocab.txt and optionally tokenizer_config.json" };
        var lowerCase = new Option<bool?>("--lower-case") { HelpName = "true|false", Description = "Vision-language checkpoints: lower-case texts before WordPiece (default: tokenizer_config.json's do_lower_case, else true)" };
        var depth = new Option<int>("--depth") { Description = "DeiT: transformer blocks", DefaultValueFactory = _ => defaults.Depth };
        var width = new Option<int>("--width") { Description = "DeiT: embedding width", DefaultValueFactory = _ => defaults.Width };
        var heads = new Option<int>("--heads") { Description = "Attention heads (every transformer)", DefaultValueFactory = _ => defaults.Heads };
        var patch = new Option<int>("--patch-size") { Description = "DeiT: patch size in pixels", DefaultValueFactory = _ => defaults.PatchSize };
        var image = new Option<int>("--image-size") { Description = "DeiT: input (crop) size in pixels", DefaultValueFactory = _ => defaults.ImageSize };
        var shorter = new Option<int?>("--shorter-side") { Description = "DeiT: resize the shorter image side to this before the crop (default: 248 at 224 px, scaled likewise)" };

        var command = new Command("import-ums", ExitCodes.Describe(
            "Import a UMS checkpoint (.pdparams) as ONNX model(s) and a model manifest. The layout is read from the key names: " +
            "DeiT-B/16 (SOP / In-Shop) gives model.onnx; VistaBase (Product1M) or VistaBaseShare (COCO-CTC) gives image.onnx " +
            "(photo + OCR), text.onnx (titles / captions) and vocab.txt, and needs --vocab or --config.",
            (ExitCodes.Success, "the model and its manifest were written"),
            (ExitCodes.Failed, "the model could not be written (I/O error, permissions)"),
            (ExitCodes.InvalidInput, "bad arguments, an unreadable or unexpected checkpoint or vocabulary, or an output folder that is not new or empty")));
        foreach (var option in new Option[] { pdparams, output, name, vocab, config, lowerCase, heads, depth, width, patch, image, shorter })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var file = parseResult.GetValue(pdparams)!;
            var target = parseResult.GetValue(output)!.FullName;
            var modelName = parseResult.GetValue(name) ?? Path.GetFileNameWithoutExtension(file.Name);
            var vocabPath = parseResult.GetValue(vocab)?.FullName;
            var configPath = parseResult.GetValue(config)?.FullName;
            var explicitLowerCase = parseResult.GetValue(lowerCase);
            var vitConfig = new VitConfig(parseResult.GetValue(depth), parseResult.GetValue(width), parseResult.GetValue(heads),
                parseResult.GetValue(patch), parseResult.GetValue(image));
            var deitOptions = new UmsImportOptions(modelName, vitConfig,
                parseResult.GetValue(shorter) ?? (int)Math.Round(vitConfig.ImageSize * 248.0 / 224.0));
            try
            {
                if (vocabPath is not null && configPath is not null)
                {
                    throw new CheckpointImportException("give --vocab FILE or --config DIR, not both");
                }
                StagedOutputFolder.EnsureWritable(target);
                var result = await ImportProgressView.RunAsync<object>(stdout, progress =>
                {
                    var loaded = LoadedCheckpoint.Read(file.FullName, (done, total) => progress.Report(new ImportProgress(ImportPhases.Reading, done, total)));
                    var detected = VistaLayoutDetector.Detect([.. loaded.Checkpoint.Tensors.Keys]);
                    if (detected.Kind == UmsCheckpointKind.Deit)
                    {
                        return (detected, UmsCheckpointImporter.Import(loaded, target, deitOptions, cancellationToken));
                    }
                    if (vocabPath is null && configPath is null)
                    {
                        throw new CheckpointImportException(
                            $"{file.Name} is a vision-language checkpoint ({detected.Kind}); give its vocabulary with --vocab FILE (vocab.txt) or --config DIR (a folder holding vocab.txt)");
                    }
                    var tokenizer = TokenizerSettings.Resolve(vocabPath, configPath, explicitLowerCase);
                    var options = new UmsVlImportOptions(modelName, tokenizer.LowerCase, parseResult.GetValue(heads), tokenizer.LowerCaseReason);
                    return (tokenizer, UmsVlImporter.Import(loaded, tokenizer.VocabPath, target, options, progress, cancellationToken));
                });
                if (result is (TokenizerSettings settings, UmsVlImportResult vl))
                {
                    await VlImportSummary.WriteAsync(stdout, vl, settings.VocabPath);
                    return ExitCodes.Success;
                }
                var (deitLayout, deit) = ((DetectedLayout, UmsImportResult))result;
                if (vocabPath is not null || configPath is not null || explicitLowerCase is not null)
                {
                    await stderr.WriteLineAsync("import-ums: --vocab, --config and --lower-case are for vision-language checkpoints; a DeiT image encoder has no text tower, so they were ignored.");
                }
                await WriteDeitSummaryAsync(stdout, deit, deitLayout, vitConfig);
                return ExitCodes.Success;
            }
            catch (CheckpointImportException e)
            {
                await stderr.WriteLineAsync($"import-ums: {e.Message}");
                return InvalidInputExitCode;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"import-ums: could not write the model: {e.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    private static async Task WriteDeitSummaryAsync(TextWriter stdout, UmsImportResult result, DetectedLayout layout, VitConfig config)
    {
        await stdout.WriteLineAsync($"Imported {result.ParameterCount:N0} parameters ({UmsCheckpointSchema.Describe(config)}).");
        foreach (var finding in layout.Findings)
        {
            await stdout.WriteLineAsync($"Layout: {finding}.");
        }
        if (result.UnusedArrays.Count > 0)
        {
            await stdout.WriteLineAsync($"Not used by the image encoder: {string.Join(", ", result.UnusedArrays)}");
        }
        await stdout.WriteLineAsync($"ONNX model: {result.OnnxPath}");
        await stdout.WriteLineAsync($"Manifest:   {result.ManifestPath}");
    }
}
