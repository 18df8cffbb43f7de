using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace UmsOrleans.Bench.Load;

/// <summary>
/// The closed-loop load from wrk (Debian's <c>wrk</c> 4.1, C and epoll) instead of .NET's HttpClient: on a 2-core machine
/// the load generator shares the cores with the server, and HttpClient spends about as much CPU per request as the
/// gateway's own HTTP handling. Every connection posts the same request bodies in turn (a Lua script cycles through
/// them, written once to <c>{workDirectory}/wrk-bodies</c>); wrk reports q/s, the latency distribution and the answers that were not 2xx.
/// </summary>
public sealed partial class WrkClient
{
    private const string Script = """
        local requests = {}
        init = function(args)
          local i = 0
          while true do
            local file = io.open(args[1] .. "/" .. i .. ".json", "rb")
            if not file then break end
            requests[i + 1] = wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, file:read("*a"))
            file:close()
            i = i + 1
          end
        end
        local sent = 0
        request = function()
          sent = sent + 1
          return requests[(sent % #requests) + 1]
        end
        """;

    private readonly string _folder;
    private readonly string _script;

    private WrkClient(string folder, string script)
    {
        _folder = folder;
        _script = script;
    }

    public static bool Available() => File.Exists("/usr/bin/wrk");

    /// <summary>Writes the request bodies and the script once, for every <see cref="RunAsync"/> after.</summary>
    public static async Task<WrkClient> CreateAsync(IReadOnlyList<byte[]> bodies, string workDirectory)
    {
        var folder = Path.Combine(workDirectory, "wrk-bodies");
        Directory.CreateDirectory(folder);
        for (var i = 0; i < bodies.Count; i++) await File.WriteAllBytesAsync(Path.Combine(folder, $"{i}.json"), bodies[i]);
        var script = Path.Combine(workDirectory, "wrk-search.lua");
        await File.WriteAllTextAsync(script, Script);
        return new WrkClient(folder, script);
    }

    /// <summary>Runs wrk with <paramref name="clients"/> connections on two threads for <paramref name="duration"/>.</summary>
    public async Task<ClosedLoop.Result> RunAsync(Uri url, int clients, TimeSpan duration)
    {
        var start = new ProcessStartInfo("/usr/bin/wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-t", Math.Min(2, clients).ToString(CultureInfo.InvariantCulture), "-c", clients.ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)duration.TotalSeconds}s", "--timeout", "30s", "--latency", "-s", _script, url.ToString(), "--", _folder })
        {
            start.ArgumentList.Add(argument);
        }
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        var errors = await wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        if (wrk.ExitCode != 0) throw new InvalidOperationException($"wrk failed ({wrk.ExitCode}): {errors}{output}");
        return Parse(clients, output);
    }

    /// <summary>The numbers of wrk's report (<c>--latency</c>): requests, seconds, q/s, p50 and p99, non-2xx answers and socket errors as failures.</summary>
    public static ClosedLoop.Result Parse(int clients, string output)
    {
        var summary = Summary().Match(output);
        if (!summary.Success) throw new FormatException($"no request count in wrk's output: {output}");
        var requests = int.Parse(summary.Groups["requests"].Value, CultureInfo.InvariantCulture);
        var seconds = Seconds(summary.Groups["time"].Value, summary.Groups["unit"].Value);
        var failures = Failures().Matches(output).Sum(m => m.Groups["count"].Captures.Sum(c => int.Parse(c.Value, CultureInfo.InvariantCulture)));
        return new ClosedLoop.Result(clients, requests, failures, seconds, requests / seconds, Percentile(output, "50"), Percentile(output, "99"));
    }

    private static double Percentile(string output, string percent)
    {
        var match = Regex.Match(output, $@"^\s+{percent}(?:\.000)?%\s+(?<value>[\d.]+)(?<unit>us|ms|s|m)\s*$", RegexOptions.Multiline);
        if (!match.Success) throw new FormatException($"no {percent}% latency in wrk's output: {output}");
        return Seconds(match.Groups["value"].Value, match.Groups["unit"].Value) * 1000;
    }

    private static double Seconds(string value, string unit) => double.Parse(value, CultureInfo.InvariantCulture) * unit switch
    {
        "us" => 1e-6,
        "ms" => 1e-3,
        "s" => 1,
        "m" => 60,
        _ => throw new FormatException($"unknown time unit '{unit}' in wrk's output"),
    };

    [GeneratedRegex(@"(?<requests>\d+) requests in (?<time>[\d.]+)(?<unit>us|ms|s|m),")]
    private static partial Regex Summary();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (?<count>\d+)|Socket errors: connect (?<count>\d+), read (?<count>\d+), write (?<count>\d+), timeout (?<count>\d+)")]
    private static partial Regex Failures();
}
