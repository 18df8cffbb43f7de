using System.Globalization;
using UmsOrleans.Contracts;

namespace UmsOrleans.Gateway.Cli;

/// <summary>
/// The progress of a run as plain lines, for output that is not a terminal (a log, a pipe): a line only when
/// the phase changes or its done/total reaches another 10 % step, so a poll that saw nothing new prints nothing.
/// </summary>
public sealed class ProgressLines
{
    private string? _phase;
    private int _step = -1;

    /// <summary>The line to print for this status, or null when it would repeat the last one.</summary>
    public string? Next(EvaluationStatus status)
    {
        var step = status.Total > 0 ? (int)(Math.Clamp((double)status.Done / status.Total, 0, 1) * 10) : 0;
        if (status.Phase == _phase && step == _step) return null;
        (_phase, _step) = (status.Phase, step);
        return string.Create(CultureInfo.InvariantCulture, $"{status.Phase} {status.Done}/{status.Total} ({step * 10} %), {status.ElapsedSeconds:0} s");
    }
}
