using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TicketPortal.Domain.Data;

namespace TicketPortal.Tests.Persistence;

public sealed class MigrationsTests
{
    [Fact]
    public void SqlServerMigrations_Exist_MatchTheModel_AndProduceAScript()
    {
        using var db = new SqlServerPortalDbContextFactory().CreateDbContext([]);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges());
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        Assert.Contains("CREATE TABLE [Events]", script);
        Assert.Contains("CREATE TABLE [AspNetUsers]", script);
        Assert.Contains("CK_Events_Reserved", script);
    }

    [Fact]
    public async Task SqliteMigrations_CreateAWorkingDatabaseFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ticketportal-migrations-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={path}").Options);
            Assert.False(db.Database.HasPendingModelChanges());
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(0, await db.Events.CountAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }
}
