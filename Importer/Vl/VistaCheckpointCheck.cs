namespace UmsOrleans.Importer.Vl;

/// <summary>
/// Checks every key and shape of a vision-language checkpoint against <see cref="VistaSchema"/>: a missing used key or
/// any wrongly shaped key is an error naming the key and the expected shape; keys the graphs do not read are listed.
/// </summary>
public static class VistaCheckpointCheck
{
    private const int ProblemsShown = 12;

    public static VistaCheckReport Check(PdparamsCheckpoint checkpoint, DetectedLayout layout, VistaDimensions dimensions,
                                         IProgress<ImportProgress>? progress = null)
    {
        dimensions.Validate();
        var expected = VistaSchema.Expected(layout.VistaLayout, dimensions, layout.HasDeadFusionBlocks);
        var problems = new List<string>();
        var absentUnused = new List<string>();
        for (var i = 0; i < expected.Count; i++)
        {
            var key = expected[i];
            var shape = CheckpointTensor.FormatShape(key.Shape);
            if (!checkpoint.Tensors.TryGetValue(key.Name, out var tensor))
            {
                if (!key.Used)
                {
                    absentUnused.Add(key.Name);
                    continue;
                }
                var why = checkpoint.SkippedEntries.TryGetValue(key.Name, out var reason) ? $" (present but not readable as an array: {reason})" : "";
                problems.Add($"missing key '{key.Name}' (expected shape {shape}){why}");
            }
            else if (!tensor.Shape.SequenceEqual(key.Shape))
            {
                problems.Add($"key '{key.Name}' has shape {tensor.ShapeText}, expected {shape}");
            }
            progress?.Report(new ImportProgress(ImportPhases.Checking, i + 1, expected.Count));
        }
        if (problems.Count > 0)
        {
            var shown = string.Join("; ", problems.Take(ProblemsShown)) + (problems.Count > ProblemsShown ? $"; and {problems.Count - ProblemsShown} more" : "");
            throw new CheckpointImportException(
                $"checkpoint does not match {layout.VistaLayout} ({dimensions.Describe()}): {problems.Count} problem(s): {shown}");
        }

        var defined = expected.ToDictionary(k => k.Name, StringComparer.Ordinal);
        var unusedKeys = checkpoint.Tensors.Keys.Where(k => !defined.TryGetValue(k, out var e) || !e.Used).Order(StringComparer.Ordinal).ToList();
        var groups = unusedKeys
            .GroupBy(k => defined.TryGetValue(k, out var e) ? e.Group : "not defined by the layout")
            .Select(g => new UnusedGroup(g.Key, g.Count(), g.Sum(k => checkpoint.Tensors[k].Values.LongLength)))
            .OrderBy(g => g.Group, StringComparer.Ordinal)
            .ToList();
        return new VistaCheckReport([.. expected.Where(k => k.Used)], unusedKeys, groups, absentUnused);
    }
}
