using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;

namespace TicketPortal.Tests.Persistence;

public sealed class SqliteWriteGateTests
{
    /// <summary>Writers queue in the process, not in SQLite's busy handler; a transaction that ends without commit
    /// or rollback (disposed after an early return) still lets the next one in.</summary>
    [Fact]
    public async Task ASecondWriter_WaitsForTheFirst_AndAnUnfinishedTransactionLetsItIn()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ticketportal-gate-{Guid.NewGuid():N}.db");
        using var gate = new SqliteWriteGate();
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={path}").AddInterceptors(gate).Options;
        try
        {
            await using (var setup = new SqlitePortalDbContext(options))
                await setup.Database.MigrateAsync();
            await using var first = new SqlitePortalDbContext(options);
            await using var second = new SqlitePortalDbContext(options);

            var unfinished = await first.Database.BeginTransactionAsync();
            var waiting = second.Database.BeginTransactionAsync();
            await Task.Delay(300);
            Assert.False(waiting.IsCompleted);

            await unfinished.DisposeAsync();
            await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
            await second.Database.ExecuteSqlRawAsync("UPDATE OutboxLeases SET Sequence = Sequence");
            await next.CommitAsync();

            // And a committed one lets the next writer in too.
            await using var third = await first.Database.BeginTransactionAsync().WaitAsync(TimeSpan.FromSeconds(5));
            await third.CommitAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }
}
