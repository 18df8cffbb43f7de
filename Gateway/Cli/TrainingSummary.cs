using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using UmsOrleans.Engine.Evaluation.Training;

namespace UmsOrleans.Gateway.Cli;

/// <summary>What <c>train</c> prints once the adapter is written: what it learned from, how validation chose its regularisation, time, memory, size.</summary>
internal static class TrainingSummary
{
    public static void Print(TrainingOutcome outcome, string model, string path, long bytes)
    {
        var adapter = outcome.Adapter;
        var training = adapter.Training;
        var lines = new List<string>
        {
            $"model: {model}",
            $"vectors used: {training.Vectors}; labels: {training.Labels}; photo–text pairs: {training.Pairs}",
            $"encoded: {outcome.PhotosEncoded} photos, {outcome.TextsEncoded} texts; skipped: {outcome.Skipped.Count}; labels left out (under 3 photos): {outcome.LabelsLeftOut}",
            $"adapter: {adapter.Kind.ToString().ToLowerInvariant()} ({training.Method}), " +
                string.Join(", ", adapter.Maps.Select(m => $"{m.SourceSpace} {m.InputDimension}-d → {adapter.TargetSpace} {m.OutputDimension}-d")) + $", seed {adapter.Seed}",
            $"chosen regularisation: {training.Regularisation}",
            $"time: encoding {outcome.EncodingTime.TotalSeconds:0.0} s, training {outcome.TrainingTime.TotalSeconds:0.0} s",
            $"peak memory while training: managed {Mib(outcome.PeakManagedBytes)}, process working set {Mib(outcome.PeakProcessBytes)} " +
                $"(process peak over the whole run, silo and models included: {Mib(Process.GetCurrentProcess().PeakWorkingSet64)})",
            $"written: {path} ({bytes:N0} bytes)",
        };
        foreach (var skip in outcome.Skipped.Take(20)) AnsiConsole.WriteLine($"skipped {skip.Id}: {skip.Reason}");
        var table = new Table().AddColumns("regularisation", "held-out top-1 (%)", "held-out MAP (%)", "");
        foreach (var score in adapter.Validation)
        {
            table.AddRow(
                score.Regularisation.ToString(CultureInfo.InvariantCulture),
                (100 * score.TopOne).ToString("0.00", CultureInfo.InvariantCulture),
                (100 * score.MeanAveragePrecision).ToString("0.00", CultureInfo.InvariantCulture),
                score.Regularisation == training.Regularisation ? "chosen" : "");
        }
        AnsiConsole.Write(table);
        foreach (var line in lines) AnsiConsole.WriteLine(line);
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.0} MiB");
}
