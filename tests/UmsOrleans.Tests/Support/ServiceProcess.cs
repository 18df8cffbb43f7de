using System.Diagnostics;
using System.Text;

namespace UmsOrleans.Tests.Support;

/// <summary>
/// One of our own programs (Gateway or Silo) run as a real process from its build output, with its output
/// kept for the failure message. Disposing kills it (as a lost machine would be).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>{project}/bin/{configuration}/net10.0/UmsOrleans.{project}.dll</c> with the given arguments.</summary>
    public static ServiceProcess Start(string project, IEnumerable<string> arguments)
    {
        var dll = DllPath(project);
        var start = ExternalProcess.Start("dotnet", [dll, .. arguments]);
        start.WorkingDirectory = Path.GetDirectoryName(dll)!;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}"));
    }

    /// <summary>The build output of one of our programs, as the tests were built (Debug or Release).</summary>
    public static string DllPath(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(TestPaths.RepositoryRoot, project, "bin", configuration, "net10.0", $"UmsOrleans.{project}.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build output {dll} is missing; build the solution first.");
    }

    /// <summary>Waits until GET {url} answers 200, or fails with the process output.</summary>
    public async Task WaitUntilHealthyAsync(HttpClient client, string url, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the process exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await client.GetAsync(url);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{url} did not become healthy within {timeout}:\n{Output}");
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited) throw new InvalidOperationException($"the process exited with {_process.ExitCode}:\n{Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"'{text}' did not appear within {timeout}:\n{Output}");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
