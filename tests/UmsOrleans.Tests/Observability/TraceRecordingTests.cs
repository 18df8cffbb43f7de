using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using UmsOrleans.Grains.Hosting;

namespace UmsOrleans.Tests.Observability;

/// <summary>Spans are recorded only when asked for or when an OTLP collector can receive them.</summary>
public sealed class TraceRecordingTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Without_a_collector_a_tracer_provider_is_registered_only_when_traces_are_asked_for(string? traces, bool recorded)
    {
        var configuration = Configuration(null, traces);
        var services = new ServiceCollection();
        services.AddUmsTelemetry(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(recorded, TelemetryOptions.Read(configuration).RecordsTraces);
        Assert.Equal(recorded, provider.GetService<TracerProvider>() is not null);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    public void With_a_collector_spans_are_recorded_unless_turned_off(string? traces, bool recorded) =>
        Assert.Equal(recorded, TelemetryOptions.Read(Configuration("http://localhost:4317", traces)).RecordsTraces);

    private static IConfiguration Configuration(string? otlpEndpoint, string? traces) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ums:Telemetry:OtlpEndpoint"] = otlpEndpoint,
            ["Ums:Telemetry:Traces"] = traces,
        }).Build();
}
