using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Domain.Data;

/// <summary>The embedded default; its migrations live in Migrations/Sqlite.</summary>
public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options, TimeProvider? clock = null, OutboxSignal? outbox = null)
    : PortalDbContext(options, clock, outbox);

/// <summary>Lets `dotnet ef` build the SQLite model without running the web host.</summary>
public sealed class SqlitePortalDbContextFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
