using Spectre.Console;
using UmsOrleans.Engine.Snapshots;

namespace UmsOrleans.Gateway.Cli;

/// <summary>The progress bar of the snapshot and restore verbs: products done out of the snapshot's total.</summary>
internal static class CliProgress
{
    public static Task RunAsync(string label, Func<IProgress<SnapshotProgress>, Task> work) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label, maxValue: 1);
                await work(new Bar(task, label));
                task.Value = task.MaxValue;
            });

    // Reported synchronously (not Progress<T>, which posts to the thread pool and may land out of order).
    private sealed class Bar(ProgressTask task, string label) : IProgress<SnapshotProgress>
    {
        public void Report(SnapshotProgress value)
        {
            task.MaxValue = Math.Max(1, value.Total);
            task.Value = value.Done;
            task.Description = $"{label}: {value.Done}/{value.Total} products";
        }
    }
}
