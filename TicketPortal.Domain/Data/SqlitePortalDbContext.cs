using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TicketPortal.Domain.Data;

/// <summary>The embedded default; its migrations live in Migrations/Sqlite.</summary>
public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options)
{
    // Every save in a transaction, even a single statement: it queues at the write gate like every other writer, and
    // its events are handed on at its commit, in commit order (OutboxCommitInterceptor). Set at each save, not once:
    // a pooled context's Database facade goes back to its defaults between requests.
    protected override void BeforeSave() => Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
}

/// <summary>Lets `dotnet ef` build the SQLite model without running the web host.</summary>
public sealed class SqlitePortalDbContextFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
