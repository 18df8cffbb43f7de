namespace UmsOrleans.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server in a temporary folder (initdb + pg_ctl), on a free loopback port.
/// When it cannot start, the tests that use it fail with the reason; they never skip.
/// As root (CI), the server runs as the 'postgres' user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string BinGlob = "/usr/lib/postgresql/*/bin";
    private string _dataDirectory = "";
    private string? _runAs;
    private string _pgCtl = "";

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var initdb = ExternalProcess.FindExecutable("initdb", BinGlob);
        _pgCtl = ExternalProcess.FindExecutable("pg_ctl", BinGlob);
        var root = TestPaths.NewTempDirectory("pg");
        _dataDirectory = Path.Combine(root, "data");
        var socketDirectory = Path.Combine(root, "socket");
        Directory.CreateDirectory(socketDirectory);
        if (ExternalProcess.IsRoot)
        {
            _runAs = "postgres";
            await ExternalProcess.RunAsync("chown", ["-R", "postgres", root], TimeSpan.FromSeconds(30));
        }
        await ExternalProcess.RunAsync(initdb, ["-D", _dataDirectory, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"], TimeSpan.FromMinutes(2), _runAs);
        var port = ExternalProcess.FreeTcpPort();
        await ExternalProcess.RunAsync(_pgCtl,
            ["-D", _dataDirectory, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
             "-o", $"-p {port} -k {socketDirectory} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
            TimeSpan.FromMinutes(2), _runAs);
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true";
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync();
        return new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ToString();
    }

    public async Task DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        if (_pgCtl.Length > 0 && Directory.Exists(_dataDirectory))
        {
            try
            {
                await ExternalProcess.RunAsync(_pgCtl, ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"], TimeSpan.FromMinutes(1), _runAs);
            }
            finally
            {
                Directory.Delete(Path.GetDirectoryName(_dataDirectory)!, recursive: true);
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
