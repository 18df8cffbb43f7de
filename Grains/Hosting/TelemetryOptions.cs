using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;

namespace UmsOrleans.Grains.Hosting;

/// <summary>Where telemetry goes beside the gateway's <c>/metrics</c> (section <c>Ums:Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Ums:Telemetry";

    /// <summary>An OTLP collector (e.g. <c>http://localhost:4317</c>); unset: no OTLP export.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>Grpc</c> (port 4317) or <c>HttpProtobuf</c> (port 4318, paths <c>/v1/…</c> added).</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    /// <summary>
    /// Whether spans are recorded: <c>true</c>, <c>false</c>, or unset for "when <see cref="OtlpEndpoint"/> is set". A
    /// span with nowhere to go still costs every request and every grain call (an activity each, and its context
    /// carried across calls).
    /// </summary>
    public bool? Traces { get; set; }

    /// <summary>Whether this process records spans (<see cref="Traces"/>, else whether they can be exported).</summary>
    public bool RecordsTraces => Traces ?? OtlpEndpoint is { Length: > 0 };

    /// <summary>The <c>service.name</c> resource attribute of everything this process exports.</summary>
    public string ServiceName { get; set; } = "ums-orleans";

    /// <summary>
    /// The section, checked now: whether to export is decided while the host is built, before options
    /// validated at start-up would be.
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is wrong; the message names it.</exception>
    public static TelemetryOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var failures = new List<string>();
        if (options.OtlpEndpoint is { Length: > 0 } endpoint
            && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            failures.Add($"{Section}:{nameof(OtlpEndpoint)} must be an absolute http or https URL, not '{endpoint}'.");
        }
        if (string.IsNullOrWhiteSpace(options.ServiceName)) failures.Add($"{Section}:{nameof(ServiceName)} must not be empty.");
        if (failures.Count > 0) throw new OptionsValidationException(Section, typeof(TelemetryOptions), failures);
        return options;
    }
}
