using UmsOrleans.Engine.Evaluation.Progress;

namespace UmsOrleans.Tests.Evaluation;

public sealed class ProgressTrackerTests
{
    [Fact]
    public void Rate_and_eta_follow_the_phase_counts_and_the_clock()
    {
        var time = new ManualTimeProvider();
        using var tracker = new ProgressTracker(time);
        tracker.StartPhase(EvaluationPhase.EncodingGallery, total: 1_000);
        time.Advance(TimeSpan.FromSeconds(4));
        tracker.Advance(200);

        var snapshot = tracker.Snapshot();

        // 200 items in 4 s = 50 items/s; 800 left -> 16 s.
        Assert.Equal(EvaluationPhase.EncodingGallery, snapshot.Phase);
        Assert.Equal(50, snapshot.ItemsPerSecond, 9);
        Assert.Equal(TimeSpan.FromSeconds(16), snapshot.Eta);
        Assert.Equal(0.2, snapshot.Fraction, 9);
    }

    [Fact]
    public void Finished_phases_keep_their_items_and_time()
    {
        var time = new ManualTimeProvider();
        using var tracker = new ProgressTracker(time);
        tracker.StartPhase(EvaluationPhase.EncodingGallery, 10);
        tracker.Advance(10);
        time.Advance(TimeSpan.FromSeconds(2));
        tracker.StartPhase(EvaluationPhase.Searching, 0);
        Assert.Null(tracker.Snapshot().Eta); // unknown total: no estimate
        tracker.Advance(30);
        time.Advance(TimeSpan.FromSeconds(3));
        tracker.Finish(EvaluationPhase.Completed);

        Assert.Equal(
            [new PhaseTiming(EvaluationPhase.EncodingGallery, 10, TimeSpan.FromSeconds(2)), new PhaseTiming(EvaluationPhase.Searching, 30, TimeSpan.FromSeconds(3))],
            tracker.Timings);
        Assert.Equal(5, tracker.Timings[0].ItemsPerSecond, 9);
        Assert.Equal(EvaluationPhase.Completed, tracker.Snapshot().Phase);
        Assert.Equal(TimeSpan.FromSeconds(5), tracker.Elapsed);
        Assert.Throws<InvalidOperationException>(() => tracker.StartPhase(EvaluationPhase.Searching, 1));
    }

    [Fact]
    public void Cancel_signals_the_token_the_work_observes()
    {
        using var tracker = new ProgressTracker(new ManualTimeProvider());
        Assert.False(tracker.Token.IsCancellationRequested);
        tracker.Cancel();
        Assert.True(tracker.Token.IsCancellationRequested);
        tracker.Finish(EvaluationPhase.Cancelled);
        Assert.Equal(EvaluationPhase.Cancelled, tracker.Snapshot().Phase);
    }

    [Fact]
    public void A_finished_run_keeps_its_elapsed_time_and_its_last_phases_counts()
    {
        var time = new ManualTimeProvider();
        using var tracker = new ProgressTracker(time);
        tracker.StartPhase(EvaluationPhase.DroppingCollection, 2);
        tracker.Advance(2);
        time.Advance(TimeSpan.FromSeconds(7));
        tracker.Finish(EvaluationPhase.Completed);
        time.Advance(TimeSpan.FromMinutes(10));

        var snapshot = tracker.Snapshot();
        Assert.Equal(TimeSpan.FromSeconds(7), snapshot.Elapsed);
        Assert.Equal(TimeSpan.FromSeconds(7), tracker.Elapsed);
        Assert.Equal((2L, 2L), (snapshot.Done, snapshot.Total));
        Assert.Equal(0, snapshot.ItemsPerSecond);
    }

    [Fact]
    public void Each_phase_change_and_the_end_are_signalled_but_progress_is_not()
    {
        using var tracker = new ProgressTracker(new ManualTimeProvider());
        var changes = 0;
        tracker.PhaseChanged = () => changes++;
        tracker.StartPhase(EvaluationPhase.EncodingGallery, 10);
        tracker.Advance(5);
        tracker.StartPhase(EvaluationPhase.Searching, 10);
        tracker.Finish(EvaluationPhase.Completed);
        tracker.Finish(EvaluationPhase.Failed);
        Assert.Equal(3, changes);
    }
}
