namespace UmsOrleans.Importer.Vl;

/// <summary>The two vision-language checkpoint layouts of spec §3–4, told apart by their key names.</summary>
public enum VistaLayout
{
    /// <summary>Product1M (<c>VistaBase</c>): the OCR stream has its own BERT in the backbone.</summary>
    VistaBase,

    /// <summary>COCO-CTC (<c>VistaBaseShare</c>): the caption BERT also runs the OCR stream's first layers.</summary>
    VistaBaseShare,
}

/// <summary>File, input and output names of an imported vision-language model (the manifest names them too).</summary>
public static class VlGraphNames
{
    public const string ImageOnnx = "image.onnx";
    public const string TextOnnx = "text.onnx";
    public const string Vocab = "vocab.txt";

    /// <summary>float32 [batch, 3, 224, 224], normalised NCHW (§7.1).</summary>
    public const string Pixels = "pixel_values";

    /// <summary>int64 [batch, 30].</summary>
    public const string OcrIds = "ocr_ids";

    /// <summary>int64 [batch, 30].</summary>
    public const string OcrMask = "ocr_mask";

    /// <summary>float32 [batch, 30, 4].</summary>
    public const string OcrBoxes = "ocr_boxes";

    /// <summary>float32 [batch, 512], L2-normalised.</summary>
    public const string ImageEmbedding = "image_embedding";

    /// <summary>float32 [batch, 512], L2-normalised.</summary>
    public const string FusionEmbedding = "fusion_embedding";

    /// <summary>int64 [batch, sequence] (sequence ≤ 512; the manifest pads to 40).</summary>
    public const string TextIds = "input_ids";

    /// <summary>int64 [batch, sequence].</summary>
    public const string TextMask = "attention_mask";

    /// <summary>float32 [batch, 512], L2-normalised.</summary>
    public const string TextEmbedding = "text_embedding";

    public const int TextLength = 40;
    public const int SceneTextLength = 30;
}

/// <summary>What to import and how to describe it.</summary>
/// <param name="Name">Model name in the manifest.</param>
/// <param name="LowerCase">Lower-case (and strip accents) before WordPiece; null: the config folder's
/// <c>tokenizer_config.json</c> <c>do_lower_case</c> when given, otherwise true (paddlenlp's class default).</param>
/// <param name="Heads">Attention heads of every transformer (cannot be read from shapes; 12 in the published models).</param>
/// <param name="LowerCaseReason">Why <paramref name="LowerCase"/> is what it is, for the manifest and summary
/// (see <see cref="TokenizerSettings"/>); null: "given" or the default.</param>
public sealed record UmsVlImportOptions(string Name, bool? LowerCase = null, int Heads = 12, string? LowerCaseReason = null);

/// <summary>Where the importer is: a phase (<see cref="ImportPhases"/>) and bytes (or keys) done of the phase's total.</summary>
public readonly record struct ImportProgress(string Phase, long Done, long Total);

/// <param name="ParameterCount">Parameters the two graphs hold (each checkpoint tensor counted once).</param>
/// <param name="UnusedArrays">Checkpoint arrays neither graph reads (see <see cref="Check"/> for their groups).</param>
/// <param name="Findings">How the layout questions of spec §10 were answered, and what was noticed on the way.</param>
public sealed record UmsVlImportResult(
    string ManifestPath,
    string ImageOnnxPath,
    string TextOnnxPath,
    VistaLayout Layout,
    int VocabularySize,
    bool LowerCase,
    long ParameterCount,
    IReadOnlyList<string> UnusedArrays,
    IReadOnlyList<string> Findings,
    IReadOnlyDictionary<string, string> SkippedEntries)
{
    public VistaDimensions? Dimensions { get; init; }

    public VistaCheckReport? Check { get; init; }

    public string? LowerCaseReason { get; init; }
}

/// <summary>
/// Imports a UMS vision-language checkpoint (Product1M or COCO-CTC, spec §3–4) as an image tower (photo + scene
/// text → image and fusion embeddings), a text tower (title/caption → text embedding), the vocabulary and a
/// manifest. The output folder appears whole or not at all.
/// </summary>
public static class UmsVlImporter
{
    public static UmsVlImportResult Import(string pdparamsPath, string vocabPath, string outputDirectory, UmsVlImportOptions options,
                                           IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        StagedOutputFolder.EnsureWritable(outputDirectory);
        var loaded = LoadedCheckpoint.Read(pdparamsPath, (done, total) => progress?.Report(new ImportProgress(ImportPhases.Reading, done, total)));
        return Import(loaded, vocabPath, outputDirectory, options, progress, cancellationToken);
    }

    /// <summary>Imports a checkpoint already read (the CLI reads once, then detects the layout).</summary>
    public static UmsVlImportResult Import(LoadedCheckpoint loaded, string vocabPath, string outputDirectory, UmsVlImportOptions options,
                                           IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        StagedOutputFolder.EnsureWritable(outputDirectory);
        var tensors = loaded.Checkpoint.Tensors;
        var detected = VistaLayoutDetector.Detect([.. tensors.Keys]);
        if (detected.Kind == UmsCheckpointKind.Deit)
        {
            throw new CheckpointImportException($"{loaded.FileName} is a DeiT image-encoder checkpoint (SOP / In-Shop), not a vision-language one; import it without a vocabulary");
        }
        var layout = detected.VistaLayout;
        var dimensions = VistaDimensionReader.Read(tensors, options.Heads);
        var check = VistaCheckpointCheck.Check(loaded.Checkpoint, detected, dimensions, progress);
        VocabularyFile.EnsureMatches(vocabPath, dimensions.VocabularySize);
        var lowerCase = options.LowerCase ?? true;
        var lowerCaseReason = options.LowerCaseReason ?? (options.LowerCase is null ? TokenizerSettings.DefaultReason : "given");
        cancellationToken.ThrowIfCancellationRequested();

        List<string> findings = [.. detected.Findings];
        if (check.AbsentUnusedKeys.Count > 0)
        {
            findings.Add($"{check.AbsentUnusedKeys.Count} unused key(s) of the layout are absent (not needed): " +
                         string.Join(", ", check.AbsentUnusedKeys.Take(3)) + (check.AbsentUnusedKeys.Count > 3 ? ", …" : ""));
        }
        var source = VlSourceDescription.Create(loaded, layout, dimensions, lowerCase, lowerCaseReason, findings);

        string target;
        using (var staging = StagedOutputFolder.Create(outputDirectory))
        {
            var image = VistaImageTowerBuilder.Build(layout, dimensions, tensors, source);
            OnnxFileWriter.Write(image, staging.PathOf(VlGraphNames.ImageOnnx), ImportPhases.WritingImageTower, progress);
            image = null; // lets the image tower's weight copies go before the text tower's are made
            cancellationToken.ThrowIfCancellationRequested();

            var text = BertTextTowerBuilder.Build(dimensions, tensors, source);
            OnnxFileWriter.Write(text, staging.PathOf(VlGraphNames.TextOnnx), ImportPhases.WritingTextTower, progress);
            cancellationToken.ThrowIfCancellationRequested();

            File.Copy(vocabPath, staging.PathOf(VlGraphNames.Vocab));
            var description = $"UMS vision-language model ({(layout == VistaLayout.VistaBase ? "Product1M" : "COCO-CTC")}, {layout}) imported from " +
                              $"{loaded.FileName}: image tower (photo + OCR → image and fusion embeddings) and text tower (title / caption)";
            ModelManifestWriter.Write(staging.PathOf(ModelManifestWriter.FileName),
                VlManifest.Create(options.Name, description, layout, dimensions.ProjectionWidth, lowerCase, source));
            target = staging.Commit();
        }

        return new UmsVlImportResult(
            Path.Combine(target, ModelManifestWriter.FileName),
            Path.Combine(target, VlGraphNames.ImageOnnx),
            Path.Combine(target, VlGraphNames.TextOnnx),
            layout,
            dimensions.VocabularySize,
            lowerCase,
            check.UsedParameters,
            check.UnusedKeys,
            findings,
            loaded.Checkpoint.SkippedEntries)
        {
            Dimensions = dimensions,
            Check = check,
            LowerCaseReason = lowerCaseReason,
        };
    }
}
