using System.Data.Common;

namespace UmsOrleans.Engine.Catalog;

/// <summary>The <c>ums_jobs</c> table: one row per job, times in Unix milliseconds.</summary>
public abstract partial class SqlCatalogStore : IJobStore
{
    private const string JobColumns = "id, kind, request, phase, done, total, started_at, updated_at, finished_at, error, result, output";

    private static Task CreateJobTableAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, """
            CREATE TABLE IF NOT EXISTS ums_jobs (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                request TEXT NOT NULL,
                phase TEXT NOT NULL,
                done BIGINT NOT NULL,
                total BIGINT NOT NULL,
                started_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                finished_at BIGINT NULL,
                error TEXT NULL,
                result TEXT NULL,
                output TEXT NULL);
            CREATE INDEX IF NOT EXISTS ums_jobs_by_kind ON ums_jobs (kind, started_at);
            """, cancellationToken);

    public async Task SaveJobAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        using var _ = await EnterWriteAsync(cancellationToken);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var upsert = Command(connection, null, $"""
            INSERT INTO ums_jobs ({JobColumns})
            VALUES (@id, @kind, @request, @phase, @done, @total, @started, @updated, @finished, @error, @result, @output)
            ON CONFLICT (id) DO UPDATE SET
                kind = excluded.kind, request = excluded.request, phase = excluded.phase, done = excluded.done,
                total = excluded.total, started_at = excluded.started_at, updated_at = excluded.updated_at,
                finished_at = excluded.finished_at, error = excluded.error, result = excluded.result, output = excluded.output
            """);
        Add(upsert, "@id", job.Id);
        Add(upsert, "@kind", job.Kind);
        Add(upsert, "@request", job.Request);
        Add(upsert, "@phase", job.Phase);
        Add(upsert, "@done", job.Done);
        Add(upsert, "@total", job.Total);
        Add(upsert, "@started", job.StartedAt.ToUnixTimeMilliseconds());
        Add(upsert, "@updated", job.UpdatedAt.ToUnixTimeMilliseconds());
        Add(upsert, "@finished", job.FinishedAt?.ToUnixTimeMilliseconds());
        Add(upsert, "@error", job.Error);
        Add(upsert, "@result", job.Result);
        Add(upsert, "@output", job.OutputDirectory);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<JobRecord?> GetJobAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {JobColumns} FROM ums_jobs WHERE id = @id");
        Add(select, "@id", id);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadJob(reader) : null;
    }

    public async Task<IReadOnlyList<JobRecord>> ListJobsAsync(string kind, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {JobColumns} FROM ums_jobs WHERE kind = @kind ORDER BY started_at DESC, id DESC LIMIT @limit");
        Add(select, "@kind", kind);
        Add(select, "@limit", limit);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var jobs = new List<JobRecord>();
        while (await reader.ReadAsync(cancellationToken)) jobs.Add(ReadJob(reader));
        return jobs;
    }

    private static JobRecord ReadJob(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetInt64(4),
        reader.GetInt64(5),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
        reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.IsDBNull(10) ? null : reader.GetString(10),
        reader.IsDBNull(11) ? null : reader.GetString(11));
}
