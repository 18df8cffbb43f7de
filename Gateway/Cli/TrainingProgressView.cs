using System.Globalization;
using Spectre.Console;
using UmsOrleans.Engine.Evaluation.Training;

namespace UmsOrleans.Gateway.Cli;

/// <summary>
/// The progress of <c>train</c>: a bar per phase on a terminal; otherwise plain lines, one when the phase changes
/// or reaches another 10 % step.
/// </summary>
internal static class TrainingProgressView
{
    public static async Task<T> RunAsync<T>(Func<IProgress<TrainingProgress>, Task<T>> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive) return await work(new Lines());
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context => result = await work(new Bars(context)));
        return result;
    }

    // Reported synchronously (not Progress<T>, which posts to the thread pool and may land out of order).
    private sealed class Bars(ProgressContext context) : IProgress<TrainingProgress>
    {
        private readonly Dictionary<string, ProgressTask> _tasks = [];

        public void Report(TrainingProgress value)
        {
            lock (_tasks)
            {
                if (!_tasks.TryGetValue(value.Phase, out var task))
                {
                    foreach (var previous in _tasks.Values) previous.StopTask();
                    _tasks[value.Phase] = task = context.AddTask(value.Phase, maxValue: Math.Max(1, value.Total));
                }
                task.MaxValue = Math.Max(1, value.Total);
                task.Value = value.Done;
                task.Description = $"{value.Phase} {value.Done}/{value.Total}";
            }
        }
    }

    private sealed class Lines : IProgress<TrainingProgress>
    {
        private string? _phase;
        private int _step = -1;

        public void Report(TrainingProgress value)
        {
            var step = value.Total > 0 ? (int)(Math.Clamp((double)value.Done / value.Total, 0, 1) * 10) : 0;
            if (value.Phase == _phase && step == _step) return;
            (_phase, _step) = (value.Phase, step);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{value.Phase} {value.Done}/{value.Total} ({step * 10} %)"));
        }
    }
}
