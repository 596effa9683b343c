using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Persistence;

/// <summary>Inside a transaction a statement run again is not prepared again, and every run still binds its own
/// parameters: reads, EF's inserts that read back (RETURNING), bulk updates, savepoints rolled back, a failed statement,
/// a reader still open, and the connection closed in between.</summary>
public sealed class SqliteStatementCacheTests
{
    private static readonly string[] Topics = ["a", "b", "c", "nobody"];

    private static OutboxMessage Message(string topic) => new() { Topic = topic, OccurredAt = DateTime.UtcNow };

    [Fact]
    public Task InATransaction_AStatementRunAgain_IsReused_WithEachRunsOwnParameters() => WithDatabaseAsync(async (options, cache) =>
    {
        await using var db = new SqlitePortalDbContext(options);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var before = cache.Reused;
        foreach (var topic in Topics[..3])
        {
            db.OutboxMessages.Add(Message(topic));
            await db.SaveChangesAsync();
        }
        foreach (var topic in Topics)
            Assert.Equal(topic == "nobody" ? 0 : 1, await db.OutboxMessages.CountAsync(m => m.Topic == topic));
        foreach (var (topic, payload) in new[] { ("b", "[1]"), ("c", "[2]") })
            Assert.Equal(1, await db.OutboxMessages.Where(m => m.Topic == topic).ExecuteUpdateAsync(s => s.SetProperty(m => m.Payload, payload)));
        // The second and third insert, the last three counts and the second update.
        Assert.Equal(6, cache.Reused - before);
        await transaction.CommitAsync();

        await using var fresh = new SqlitePortalDbContext(options);
        Assert.Equal(["{}", "[1]", "[2]"], await fresh.OutboxMessages.OrderBy(m => m.Topic).Select(m => m.Payload).ToListAsync());
    });

    [Fact]
    public Task ASavepointRolledBack_AndAFailedStatement_LeaveTheNextRunsRight() => WithDatabaseAsync(async (options, cache) =>
    {
        await using var db = new SqlitePortalDbContext(options);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var kept = Message("kept");
        db.OutboxMessages.Add(kept);
        await db.SaveChangesAsync();

        await transaction.CreateSavepointAsync("one");
        db.OutboxMessages.Add(Message("dropped"));
        await db.SaveChangesAsync();
        await transaction.RollbackToSavepointAsync("one");
        db.ChangeTracker.Clear();

        // The same insert, refused by the key: the failure is the database's, as without the cache.
        db.OutboxMessages.Add(new OutboxMessage { Id = kept.Id, Topic = "twice", OccurredAt = DateTime.UtcNow });
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.IsType<SqliteException>(refused.InnerException);
        db.ChangeTracker.Clear();
        db.OutboxMessages.Add(Message("after"));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();

        await using var fresh = new SqlitePortalDbContext(options);
        Assert.Equal(["after", "kept"], await fresh.OutboxMessages.OrderBy(m => m.Topic).Select(m => m.Topic).ToListAsync());
    });

    [Fact]
    public Task AStatementWhoseReaderIsStillOpen_RunsBesideIt_AndTheConnectionClosedInBetweenPreparesAfresh() => WithDatabaseAsync(async (options, cache) =>
    {
        await using (var setup = new SqlitePortalDbContext(options))
        {
            setup.OutboxMessages.AddRange(Message("x"), Message("y"));
            await setup.SaveChangesAsync();
        }
        await using var db = new SqlitePortalDbContext(options);
        for (var round = 0; round < 2; round++)
        {
            // Each round its own transaction: the connection closes after the commit, and the kept statements with it.
            await using var transaction = await db.Database.BeginTransactionAsync();
            var topics = new List<string>();
            await foreach (var outer in db.OutboxMessages.AsNoTracking().Where(m => m.Topic != "").OrderBy(m => m.Topic).AsAsyncEnumerable())
            {
                // The same SQL while the outer reader is open.
                var inner = await db.OutboxMessages.AsNoTracking().Where(m => m.Topic != outer.Topic).OrderBy(m => m.Topic).FirstAsync();
                topics.Add($"{outer.Topic}{inner.Topic}");
            }
            Assert.Equal(["xy", "yx"], topics);
            await transaction.CommitAsync();
            Assert.Equal(System.Data.ConnectionState.Closed, db.Database.GetDbConnection().State);
        }
    });

    [Fact]
    public Task OutsideATransaction_NothingIsKept() => WithDatabaseAsync(async (options, cache) =>
    {
        await using var db = new SqlitePortalDbContext(options);
        var before = cache.Reused;
        for (var i = 0; i < 3; i++)
            await db.OutboxMessages.CountAsync(m => m.Topic == "t");
        Assert.Equal(before, cache.Reused);
    });

    /// <summary>The pool closes a connection left open when it takes its context back, without telling the interceptors
    /// that it closed: the next open starts afresh all the same.</summary>
    [Fact]
    public Task APooledContextsConnection_LeftOpenAndClosedByThePool_StartsAfreshAtItsNextOpen() => WithDatabaseAsync(async (options, cache) =>
    {
        await using var services = new ServiceCollection()
            .AddDbContextPool<SqlitePortalDbContext>(o => o.UseSqlite(Microsoft.EntityFrameworkCore.Infrastructure.RelationalOptionsExtension.Extract(options).ConnectionString)
                .AddInterceptors(cache))
            .BuildServiceProvider();
        var before = cache.Reused;
        var contexts = new List<SqlitePortalDbContext>();
        for (var round = 0; round < 2; round++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SqlitePortalDbContext>();
            contexts.Add(db);
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            foreach (var topic in Topics[..2])
                Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.Topic == topic));
            await transaction.CommitAsync();
        }
        Assert.Same(contexts[0], contexts[1]);
        // The second count of each round; the first count of the second round prepared its statement again.
        Assert.Equal(2, cache.Reused - before);
    });

    private static Task WithDatabaseAsync(Func<DbContextOptions<SqlitePortalDbContext>, SqliteStatementCache, Task> test)
    {
        var cache = new SqliteStatementCache();
        return SqliteFile.WithMigratedAsync("statements", [cache], (options, _) => test(options, cache));
    }
}
