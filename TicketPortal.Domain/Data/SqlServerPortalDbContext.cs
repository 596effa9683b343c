using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TicketPortal.Domain.Data;

/// <summary>Production's SQL Server; its migrations live in Migrations/SqlServer.</summary>
public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options) : PortalDbContext(options);

/// <summary>Lets `dotnet ef` build and script the SQL Server model with no server present.</summary>
public sealed class SqlServerPortalDbContextFactory : IDesignTimeDbContextFactory<SqlServerPortalDbContext>
{
    public SqlServerPortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerPortalDbContext>()
            .UseSqlServer("Server=(design-time);Database=TicketPortal;Trusted_Connection=True;TrustServerCertificate=True")
            .Options);
}
