using System.Text.Json;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Adaptation.Training;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Grains.Cluster;

/// <summary>A training job as its stored row tells it, when no live activation runs it.</summary>
public static class AdapterJobRows
{
    /// <summary>Whether the row was left running (nothing finished it).</summary>
    public static bool IsRunning(JobRecord row) => row.Phase == nameof(AdapterJobPhase.Running);

    public static AdapterTrainingRequest Request(JobRecord row) =>
        JsonSerializer.Deserialize<AdapterTrainingRequest>(row.Request) ?? throw new InvalidDataException($"training job '{row.Id}' has no stored request.");

    /// <summary>
    /// The job read back from its row: a row still running is Interrupted (the process that ran it stopped), keeping
    /// the step it reached and its counts; elapsed time ends at the last write.
    /// </summary>
    public static AdapterTrainingStatus Status(JobRecord row)
    {
        var details = AdapterJobDetails.FromJson(row.Result);
        var step = details?.Step ?? AdapterTrainingStep.ReadingProducts.Describe();
        var running = IsRunning(row);
        var error = running
            ? $"interrupted while {step} at {row.Done}/{row.Total}: the process running it stopped. Start the training again."
            : row.Error;
        return new AdapterTrainingStatus(row.Id, Request(row), running ? nameof(AdapterJobPhase.Interrupted) : row.Phase, step, row.Done, row.Total,
            row.Elapsed.TotalSeconds, true, error, details?.Version, row.Result);
    }
}
