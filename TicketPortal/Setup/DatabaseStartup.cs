using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Data;

namespace TicketPortal.Setup;

public static class DatabaseStartup
{
    /// <summary>Applies migrations, makes sure the roles exist and, when Demo:Seed is on, adds the demo data.</summary>
    public static async Task PreparePortalDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));

        if (app.Configuration.GetValue("Demo:Seed", false))
            await DemoData.SeedAsync(scope.ServiceProvider);
    }
}
