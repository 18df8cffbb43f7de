using UmsOrleans.Engine.Search.Rebalancing;
using UmsOrleans.Engine.Search.Replicas;

namespace UmsOrleans.Tests.Search.Rebalancing;

public class RebalanceJobTests
{
    private static readonly DateTimeOffset Started = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static RebalanceReport Report(RebalanceState state, int movesDone) => new(
        "silo S3 joined", state, Started, state == RebalanceState.Running ? null : Started.AddSeconds(9),
        [new SiloLoad("S1", 4, 200, 8_000), new SiloLoad("S3", 0, 0, 0)],
        state == RebalanceState.Running ? [] : [new SiloLoad("S1", 2, 100, 4_000), new SiloLoad("S3", 2, 100, 4_000)],
        [new ReplicaMove("c", 0, 1, "S1", "S3", 2_000), new ReplicaMove("c", 2, 0, "S1", "S3", 2_000)],
        movesDone);

    [Fact]
    public void A_finished_report_reads_back_as_it_was_written()
    {
        var report = Report(RebalanceState.Done, 2);
        var job = RebalanceJob.ToJob(report, Started.AddSeconds(9));
        Assert.Equal((RebalanceJob.Kind, "done", 2L, 2L), (job.Kind, job.Phase, job.Done, job.Total));

        var read = RebalanceJob.FromJob(job);
        Assert.Equal((report.Trigger, report.State, report.StartedAt, report.FinishedAt, report.MovesDone, report.Error), (read.Trigger, read.State, read.StartedAt, read.FinishedAt, read.MovesDone, read.Error));
        Assert.Equal(report.Before, read.Before);
        Assert.Equal(report.After, read.After);
        Assert.Equal(report.Moves, read.Moves);
    }

    [Fact]
    public void A_report_still_running_when_read_back_was_interrupted_and_keeps_its_moves_done()
    {
        var job = RebalanceJob.ToJob(Report(RebalanceState.Running, 1), Started.AddSeconds(4));

        var read = RebalanceJob.FromJob(job);
        Assert.Equal((RebalanceState.Failed, 1, 2, Started.AddSeconds(4)), (read.State, read.MovesDone, read.Moves.Count, read.FinishedAt));
        Assert.Contains("interrupted after 1 of 2 moves", read.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_of_another_kind_is_refused()
    {
        var job = RebalanceJob.ToJob(Report(RebalanceState.Done, 2), Started) with { Kind = "ingestion" };
        Assert.Throws<InvalidDataException>(() => RebalanceJob.FromJob(job));
    }
}
