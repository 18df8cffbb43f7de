using UmsOrleans.Importer.Vl;

namespace UmsOrleans.Gateway.Cli;

/// <summary>What <c>import-ums</c> prints after a vision-language import: layout and how it was decided, vocabulary,
/// lower-casing and why, parameters used and unused by group, and the files written.</summary>
internal static class VlImportSummary
{
    public static async Task WriteAsync(TextWriter output, UmsVlImportResult result, string vocabPath)
    {
        var dataset = result.Layout == VistaLayout.VistaBase ? "Product1M" : "COCO-CTC";
        await output.WriteLineAsync($"Imported a {result.Layout} ({dataset}) checkpoint: {result.Dimensions?.Describe()}.");
        await output.WriteLineAsync("Layout (spec §10 items 2–4, from the key names):");
        foreach (var finding in result.Findings)
        {
            await output.WriteLineAsync($"  - {finding}");
        }
        await output.WriteLineAsync($"Vocabulary: {result.VocabularySize} pieces from {vocabPath}; lower-case: {(result.LowerCase ? "yes" : "no")} ({result.LowerCaseReason}).");
        var unused = result.Check?.UnusedGroups ?? [];
        await output.WriteLineAsync($"Parameters: {result.ParameterCount:N0} used by the graphs; {unused.Sum(g => g.Parameters):N0} in {result.UnusedArrays.Count} unused arrays" +
                                    (unused.Count > 0 ? ":" : "."));
        foreach (var group in unused)
        {
            await output.WriteLineAsync($"  - {group.Group}: {group.Tensors} arrays, {group.Parameters:N0} parameters");
        }
        await output.WriteLineAsync($"Image tower: {result.ImageOnnxPath}");
        await output.WriteLineAsync($"Text tower:  {result.TextOnnxPath}");
        await output.WriteLineAsync($"Manifest:    {result.ManifestPath}");
    }
}
