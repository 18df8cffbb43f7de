using System.Globalization;
using Spectre.Console;
using UmsOrleans.Importer.Vl;

namespace UmsOrleans.Gateway.Cli;

/// <summary>
/// The progress of <c>import-ums</c> (reading, checking, writing each tower): a bar per phase on a terminal;
/// otherwise plain lines on <c>output</c>, one when the phase changes or reaches another 25 % step.
/// </summary>
internal static class ImportProgressView
{
    public static async Task<T> RunAsync<T>(TextWriter output, Func<IProgress<ImportProgress>, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive) return await Task.Run(() => work(new Lines(output)));
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var bars = new Bars(context);
                result = await Task.Run(() => work(bars));
                bars.Finish();
            });
        return result;
    }

    private static string Amount(ImportProgress value) => value.Phase == ImportPhases.Checking
        ? $"{value.Done}/{value.Total} keys"
        : string.Create(CultureInfo.InvariantCulture, $"{value.Done / 1048576.0:0} / {value.Total / 1048576.0:0} MiB");

    // Reported synchronously from the import thread (not Progress<T>, which posts to the pool and may land out of order).
    private sealed class Bars(ProgressContext context) : IProgress<ImportProgress>
    {
        private readonly Dictionary<string, ProgressTask> _tasks = [];

        public void Report(ImportProgress value)
        {
            lock (_tasks)
            {
                if (!_tasks.TryGetValue(value.Phase, out var task))
                {
                    Finish();
                    _tasks[value.Phase] = task = context.AddTask(value.Phase, maxValue: Math.Max(1, value.Total));
                }
                task.MaxValue = Math.Max(1, value.Total);
                task.Value = value.Done;
                task.Description = $"{value.Phase} {Amount(value)}";
            }
        }

        public void Finish()
        {
            lock (_tasks)
            {
                foreach (var task in _tasks.Values.Where(t => !t.IsFinished))
                {
                    task.Value = task.MaxValue;
                    task.StopTask();
                }
            }
        }
    }

    private sealed class Lines(TextWriter output) : IProgress<ImportProgress>
    {
        private string? _phase;
        private int _step = -1;

        public void Report(ImportProgress value)
        {
            var step = value.Total > 0 ? (int)(Math.Clamp((double)value.Done / value.Total, 0, 1) * 4) : 0;
            if (value.Phase == _phase && step == _step) return;
            (_phase, _step) = (value.Phase, step);
            output.WriteLine($"{value.Phase} {Amount(value)} ({step * 25} %)");
        }
    }
}
