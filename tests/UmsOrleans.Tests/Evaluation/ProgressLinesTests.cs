using System.Collections.Immutable;
using UmsOrleans.Contracts;
using UmsOrleans.Gateway.Cli;

namespace UmsOrleans.Tests.Evaluation;

public sealed class ProgressLinesTests
{
    private static EvaluationStatus Status(string phase, long done, long total) =>
        new("run", phase, done, total, 0, null, 1, false, null, ImmutableDictionary<string, double>.Empty, null);

    [Fact]
    public void A_line_is_printed_only_when_the_phase_or_a_ten_percent_step_changes()
    {
        var lines = new ProgressLines();
        string?[] printed =
        [
            lines.Next(Status("Queued", 0, 0)),
            lines.Next(Status("Queued", 0, 0)),
            lines.Next(Status("EncodingGallery", 0, 100)),
            lines.Next(Status("EncodingGallery", 5, 100)),
            lines.Next(Status("EncodingGallery", 10, 100)),
            lines.Next(Status("EncodingGallery", 19, 100)),
            lines.Next(Status("EncodingGallery", 100, 100)),
            lines.Next(Status("Searching", 0, 100)),
            lines.Next(Status("Searching", 0, 100)),
        ];

        Assert.Equal([true, false, true, false, true, false, true, true, false], printed.Select(p => p is not null));
        Assert.StartsWith("EncodingGallery 10/100 (10 %)", printed[4]);
    }
}
