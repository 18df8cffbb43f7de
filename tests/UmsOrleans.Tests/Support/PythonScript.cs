using System.Diagnostics;

namespace UmsOrleans.Tests.Support;

/// <summary>Runs one of the repository's Python scripts (standard library only) with python3.</summary>
public static class PythonScript
{
    /// <summary>Runs <paramref name="script"/> (relative to the repository root) and throws with its error output when it fails.</summary>
    public static void Run(string script, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(TestPaths.RepositoryRoot, script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(script)} failed ({process.ExitCode}): {errors.Result}");
        }
    }
}
