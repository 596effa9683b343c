using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Domain.Data;

/// <summary>Production's SQL Server; its migrations live in Migrations/SqlServer.</summary>
public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options, TimeProvider? clock = null, OutboxSignal? outbox = null)
    : PortalDbContext(options, clock, outbox);

/// <summary>Lets `dotnet ef` build and script the SQL Server model with no server present.</summary>
public sealed class SqlServerPortalDbContextFactory : IDesignTimeDbContextFactory<SqlServerPortalDbContext>
{
    public SqlServerPortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerPortalDbContext>()
            .UseSqlServer("Server=(design-time);Database=TicketPortal;Trusted_Connection=True;TrustServerCertificate=True")
            .Options);
}
