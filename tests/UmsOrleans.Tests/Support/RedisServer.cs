namespace UmsOrleans.Tests.Support;

/// <summary>A throwaway redis-server on a free loopback port, without persistence. Fails loudly when missing.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;

    private RedisServer(System.Diagnostics.Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var executable = ExternalProcess.FindExecutable("redis-server", "/usr/bin", "/usr/local/bin");
        var port = ExternalProcess.FreeTcpPort();
        var start = ExternalProcess.Start(executable, ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start redis-server");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            lock (output)
            {
                if (output.ToString().Contains("Ready to accept connections", StringComparison.Ordinal)) break;
            }
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server did not start:\n{output}");
            }
            await Task.Delay(100);
        }
        return new RedisServer(process, port);
    }

    /// <summary>Empties the server, as a restart without persistence would.</summary>
    public async Task FlushAllAsync()
    {
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"{ConnectionString},allowAdmin=true");
        await connection.GetServer(ConnectionString).FlushAllDatabasesAsync();
    }

    public async Task<bool> HashFieldExistsAsync(string key, string field)
    {
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(ConnectionString);
        return await connection.GetDatabase().HashExistsAsync(key, field);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
