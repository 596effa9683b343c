using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace TicketPortal.Bench;

public sealed record BaselineResult(string Database, int Updates, int Workers, double Seconds, double[] LatenciesMs);

/// <summary>The floor under every hold: the same single-row conditional UPDATE the portal issues, straight
/// to a SQLite file set up like the portal's (WAL), without HTTP, auth, EF Core or the ticket INSERT.</summary>
public static class RawUpdateBaseline
{
    public static async Task<BaselineResult> RunAsync(BenchOptions o)
    {
        var folder = Directory.CreateTempSubdirectory("ticketportal-baseline-");
        var cs = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder.FullName, "baseline.db"), DefaultTimeout = 30, Pooling = true }.ToString();
        var id = Guid.NewGuid().ToString().ToUpperInvariant();
        await using (var setup = new SqliteConnection(cs))
        {
            await setup.OpenAsync();
            await Exec(setup, "PRAGMA journal_mode=WAL;");
            await Exec(setup, "CREATE TABLE Events (Id TEXT NOT NULL PRIMARY KEY, Capacity INTEGER NOT NULL, Reserved INTEGER NOT NULL);");
            await Exec(setup, $"INSERT INTO Events VALUES ('{id}', {int.MaxValue}, 0);");
        }

        var result = await RunWorkersAsync(o, "a SQLite WAL file", async () =>
        {
            var connection = new SqliteConnection(cs);
            await connection.OpenAsync();
            await Exec(connection, "PRAGMA busy_timeout = 30000;"); // as the portal's connections
            var update = connection.CreateCommand();
            update.CommandText = "UPDATE Events SET Reserved = Reserved + 1 WHERE Id = $id AND Reserved + 1 <= Capacity;";
            update.Parameters.AddWithValue("$id", id);
            return (connection, update);
        });
        SqliteConnection.ClearAllPools();
        try { folder.Delete(recursive: true); } catch (IOException) { }
        return result;
    }

    /// <summary>The same on the PostgreSQL server the portal processes used (TEST_POSTGRES), in a database of its own.</summary>
    public static async Task<BaselineResult> RunPostgresAsync(BenchOptions o)
    {
        var admin = BenchProcesses.AdminConnection;
        var name = $"tp_baseline_{Guid.NewGuid():N}";
        await BenchProcesses.ExecAsync(admin, $"CREATE DATABASE \"{name}\"");
        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
        var id = Guid.NewGuid();
        await BenchProcesses.ExecAsync(cs, "CREATE TABLE events (id uuid PRIMARY KEY, capacity integer NOT NULL, reserved integer NOT NULL)");
        await BenchProcesses.ExecAsync(cs, $"INSERT INTO events VALUES ('{id}', {int.MaxValue}, 0)");
        var result = await RunWorkersAsync(o, "PostgreSQL", async () =>
        {
            var connection = new NpgsqlConnection(cs);
            await connection.OpenAsync();
            var update = new NpgsqlCommand("UPDATE events SET reserved = reserved + 1 WHERE id = @id AND reserved + 1 <= capacity", connection);
            update.Parameters.AddWithValue("id", id);
            return (connection, update);
        });
        NpgsqlConnection.ClearAllPools();
        await BenchProcesses.ExecAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        return result;
    }

    /// <summary>BaselineWorkers connections share o.Buyers single-statement UPDATEs (each its own transaction).</summary>
    private static async Task<BaselineResult> RunWorkersAsync(BenchOptions o, string database, Func<Task<(DbConnection, DbCommand)>> open)
    {
        var latencies = new double[o.Buyers];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, o.BaselineWorkers).Select(async _ =>
        {
            var (connection, update) = await open();
            await using (connection)
            await using (update)
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < o.Buyers)
                {
                    var started = Stopwatch.GetTimestamp();
                    if (await update.ExecuteNonQueryAsync() != 1)
                        throw new InvalidOperationException("The baseline update did not apply.");
                    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }
        }));
        clock.Stop();
        return new BaselineResult(database, o.Buyers, o.BaselineWorkers, clock.Elapsed.TotalSeconds, latencies);
    }

    private static async Task Exec(SqliteConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
