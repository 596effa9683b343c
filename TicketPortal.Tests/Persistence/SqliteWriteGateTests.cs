using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Persistence;

public sealed class SqliteWriteGateTests
{
    /// <summary>Writers queue in the process, not in SQLite's busy handler; a transaction that ends without commit
    /// or rollback (disposed after an early return) still lets the next one in.</summary>
    [Fact]
    public Task ASecondWriter_WaitsForTheFirst_AndAnUnfinishedTransactionLetsItIn() => WithGatedDatabaseAsync("", async (options, _) =>
    {
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
    });

    /// <summary>A BEGIN that fails after its turn came (SQLite busy because of a writer outside the gate, a
    /// cancelled request) gives the gate back; EF reports no failure for a transaction that never began.</summary>
    [Fact]
    public Task ABeginThatFails_GivesTheGateBack() => WithGatedDatabaseAsync(";Default Timeout=1", async (options, path) =>
    {
        await using (var outsider = new SqliteConnection($"Data Source={path}"))
        {
            await outsider.OpenAsync();
            await using var held = (SqliteTransaction)await outsider.BeginTransactionAsync();
            await using var blocked = new SqlitePortalDbContext(options);
            await Assert.ThrowsAsync<SqliteException>(() => blocked.Database.BeginTransactionAsync());
            await held.RollbackAsync();
        }

        await using var next = new SqlitePortalDbContext(options);
        await using var transaction = await next.Database.BeginTransactionAsync().WaitAsync(TimeSpan.FromSeconds(5));
        await transaction.CommitAsync();
    });

    /// <summary>A writer that stops waiting (its request went away) gives up its place in the line: the next one gets
    /// the turn when the holder finishes, and the line counts neither any more.</summary>
    [Fact]
    public Task AWaiterThatGivesUp_LeavesTheTurnToTheNext() => WithGatedDatabaseAsync("", async (options, _, gate) =>
    {
        await using var first = new SqlitePortalDbContext(options);
        await using var second = new SqlitePortalDbContext(options);
        await using var third = new SqlitePortalDbContext(options);

        var holding = await first.Database.BeginTransactionAsync();
        using var leaving = new CancellationTokenSource();
        var gaveUp = second.Database.BeginTransactionAsync(leaving.Token);
        var waiting = third.Database.BeginTransactionAsync();
        Assert.Equal(2, gate.Waiting);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);
        Assert.Equal(1, gate.Waiting);
        Assert.False(waiting.IsCompleted);

        await holding.CommitAsync();
        await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, gate.Waiting);
        await next.CommitAsync();
        Assert.Null(second.Database.CurrentTransaction);
    });

    /// <summary>A writer's request goes on on the gate's turns thread after its turn; writing again from there, even
    /// synchronously (as Data Protection saves its keys) and with others in line, must not wait for that same thread
    /// to hand it a turn.</summary>
    [Fact]
    public Task AWriterCarriedOnByTheTurnsThread_CanWriteAgainSynchronously() => WithGatedDatabaseAsync("", async (options, _, gate) =>
    {
        await using var first = new SqlitePortalDbContext(options);
        await using var second = new SqlitePortalDbContext(options);
        await using var third = new SqlitePortalDbContext(options);
        var holding = await first.Database.BeginTransactionAsync();
        var carriedOn = Task.Run(async () =>
        {
            await using var turn = await second.Database.BeginTransactionAsync().ConfigureAwait(false);
            var thread = Thread.CurrentThread.Name;
            // Committed synchronously: the request stays on the turns thread, the third writer still in line.
            turn.Commit();
            await using var again = new SqlitePortalDbContext(options);
            using var synchronous = again.Database.BeginTransaction();
            synchronous.Commit();
            return (thread, Thread.CurrentThread.Name);
        });
        while (gate.Waiting == 0)
            await Task.Delay(10);
        // Counted as waiting a moment before it awaits its turn: a turn given in between would be taken on the writer's own
        // thread, which this test is not about (and the writer's synchronous write would then wait behind the third).
        await Task.Delay(500);
        var last = third.Database.BeginTransactionAsync();
        Assert.Equal(2, gate.Waiting);
        await holding.CommitAsync();

        var (turnThread, writtenOn) = await carriedOn.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SqliteWriteGate.TurnsThreadName, turnThread);
        Assert.Equal(SqliteWriteGate.TurnsThreadName, writtenOn);
        await using var lastTurn = await last.WaitAsync(TimeSpan.FromSeconds(5));
        await lastTurn.CommitAsync();
    });

    /// <summary>A migrated SQLite file whose contexts go through one gate; deleted afterwards.</summary>
    private static Task WithGatedDatabaseAsync(string connectionSuffix, Func<DbContextOptions<SqlitePortalDbContext>, string, Task> test) =>
        WithGatedDatabaseAsync(connectionSuffix, (options, path, _) => test(options, path));

    private static async Task WithGatedDatabaseAsync(string connectionSuffix, Func<DbContextOptions<SqlitePortalDbContext>, string, SqliteWriteGate, Task> test)
    {
        using var gate = new SqliteWriteGate();
        await SqliteFile.WithMigratedAsync("gate", [gate], (options, path) => test(options, path, gate), connectionSuffix);
    }
}
