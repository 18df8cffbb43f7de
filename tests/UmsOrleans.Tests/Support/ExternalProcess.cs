using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace UmsOrleans.Tests.Support;

/// <summary>Helpers to run the real servers the tests need (PostgreSQL, Redis, our own silos).</summary>
public static class ExternalProcess
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>
    /// A loopback port free now, below Linux's ephemeral range (32768–60999), handed out one after another from a random
    /// start. A port the kernel picked (port 0) lies in that range, where any outgoing connection of any process may take
    /// it as its source port before the silo that was given it binds it, or while that silo restarts on it.
    /// </summary>
    public static int FreeTcpPort()
    {
        for (var attempt = 0; attempt < PortRange; attempt++)
        {
            var port = FirstPort + (int)((uint)Interlocked.Increment(ref s_lastPort) % PortRange);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // in use: the next one
            }
        }
        throw new InvalidOperationException($"no free loopback port from {FirstPort} to {FirstPort + PortRange - 1}.");
    }

    private const int FirstPort = 20_000;
    private const int PortRange = 12_000;
    private static int s_lastPort = Random.Shared.Next(PortRange);

    /// <summary>Runs a command to completion; throws with its output when it fails.</summary>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? runAsUser = null)
    {
        var start = Start(fileName, arguments, runAsUser);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.");
        }
        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{output}");
        }
        return output;
    }

    public static ProcessStartInfo Start(string fileName, IEnumerable<string> arguments, string? runAsUser = null)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAsUser is not null)
        {
            start.FileName = "runuser";
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(runAsUser);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(fileName);
        }
        else
        {
            start.FileName = fileName;
        }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    public static string FindExecutable(string name, params string[] globDirectories)
    {
        foreach (var pattern in globDirectories)
        {
            var parent = Path.GetDirectoryName(pattern)!;
            var leaf = Path.GetFileName(pattern);
            if (!Directory.Exists(parent)) continue;
            foreach (var directory in Directory.GetDirectories(parent, leaf).OrderDescending())
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"'{name}' was not found on PATH or in {string.Join(", ", globDirectories)}; the tests need it installed (see .ci/run).");
    }
}
