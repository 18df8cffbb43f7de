using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace UmsOrleans.Bench.Micro;

/// <summary>The micro benchmarks' job: in process, a few warm-ups, medians and P95 (the machine is shared and noisy).</summary>
internal sealed class MedianConfig : ManualConfig
{
    public MedianConfig()
    {
        // In process: no generated project to build (slow on a shared 2-core machine), same JIT and GC settings.
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.Throughput)
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(9));
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        SummaryStyle = SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend);
    }
}
