using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TicketPortal.Domain.Data;

namespace TicketPortal.Tests.Support;

/// <summary>A throw-away SQLite file with the portal's schema, its contexts going through the given interceptors;
/// deleted after the test.</summary>
public static class SqliteFile
{
    public static async Task WithMigratedAsync(string name, IInterceptor[] interceptors, Func<DbContextOptions<SqlitePortalDbContext>, string, Task> test,
        string connectionSuffix = "")
    {
        var path = Path.Combine(Path.GetTempPath(), $"ticketportal-{name}-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={path}{connectionSuffix}").AddInterceptors(interceptors).Options;
        try
        {
            await using (var setup = new SqlitePortalDbContext(options))
                await setup.Database.MigrateAsync();
            await test(options, path);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }
}
