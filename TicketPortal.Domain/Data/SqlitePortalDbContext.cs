using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TicketPortal.Domain.Data;

/// <summary>The embedded default; its migrations live in Migrations/Sqlite.</summary>
public sealed class SqlitePortalDbContext : PortalDbContext
{
    public SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : base(options) =>
        // Every save in a transaction, even a single statement: it queues at the write gate like every other writer,
        // and its events are handed on at its commit, in commit order (OutboxCommitInterceptor). A pooled context
        // keeps this: the pool restores a context's settings as they were after construction.
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
}

/// <summary>Lets `dotnet ef` build the SQLite model without running the web host.</summary>
public sealed class SqlitePortalDbContextFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
