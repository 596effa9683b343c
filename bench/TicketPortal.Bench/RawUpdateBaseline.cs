using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace TicketPortal.Bench;

public sealed record BaselineResult(int Updates, int Workers, double Seconds, double[] LatenciesMs);

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

        var latencies = new double[o.Buyers];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, o.BaselineWorkers).Select(async _ =>
        {
            await using var connection = new SqliteConnection(cs);
            await connection.OpenAsync();
            await Exec(connection, "PRAGMA busy_timeout = 30000;"); // as the portal's connections
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE Events SET Reserved = Reserved + 1 WHERE Id = $id AND Reserved + 1 <= Capacity;";
            update.Parameters.AddWithValue("$id", id);
            int i;
            while ((i = Interlocked.Increment(ref next)) < o.Buyers)
            {
                var started = Stopwatch.GetTimestamp();
                if (await update.ExecuteNonQueryAsync() != 1)
                    throw new InvalidOperationException("The baseline update did not apply.");
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        clock.Stop();
        SqliteConnection.ClearAllPools();
        try { folder.Delete(recursive: true); } catch (IOException) { }
        return new BaselineResult(o.Buyers, o.BaselineWorkers, clock.Elapsed.TotalSeconds, latencies);
    }

    private static async Task Exec(SqliteConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
