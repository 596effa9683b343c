using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TicketPortal.Domain.Data;

/// <summary>PostgreSQL, for production and for more than one instance; its migrations live in Migrations/PostgreSql.</summary>
public sealed class PostgreSqlPortalDbContext(DbContextOptions<PostgreSqlPortalDbContext> options) : PortalDbContext(options);

/// <summary>Lets `dotnet ef` build and script the PostgreSQL model with no server present.</summary>
public sealed class PostgreSqlPortalDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlPortalDbContext>
{
    public PostgreSqlPortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlPortalDbContext>()
            .UseNpgsql("Host=design-time;Database=ticketportal")
            .Options);
}
