using Npgsql;

namespace TicketPortal.Tests.Support;

/// <summary>Where the tests' databases live. SQLite files by default; with TEST_DATABASE_PROVIDER=PostgreSql
/// each portal gets a fresh database on the server TEST_POSTGRES names (test.sh starts one and runs the API
/// and realtime tests there too). The multi-instance tests always use PostgreSQL and Redis.</summary>
public static class TestDatabases
{
    public static bool OnPostgres =>
        string.Equals(Environment.GetEnvironmentVariable("TEST_DATABASE_PROVIDER"), "PostgreSql", StringComparison.OrdinalIgnoreCase);

    public static string PostgresServer => Environment.GetEnvironmentVariable("TEST_POSTGRES") is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException(
            "TEST_POSTGRES is not set: run ./test.sh, which starts PostgreSQL and Redis, or eval \"$(bash scripts/services.sh start)\" first.");

    public static string RedisServer => Environment.GetEnvironmentVariable("TEST_REDIS") is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException(
            "TEST_REDIS is not set: run ./test.sh, which starts PostgreSQL and Redis, or eval \"$(bash scripts/services.sh start)\" first.");

    /// <summary>Creates an empty database and returns its connection string; the portal migrates it.</summary>
    public static string NewPostgresDatabase()
    {
        var name = $"tp_{Guid.NewGuid():N}";
        using (var admin = new NpgsqlConnection(PostgresServer))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            create.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ToString();
    }
}
