using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Persistence;

/// <summary>The hold line's read runs on a connection kept open, its statement prepared once: each read still sees
/// every commit made before it, a read that fails leaves the lane usable, and a context that is not SQLite's reads on
/// its own.</summary>
public sealed class SqliteReadLaneTests
{
    private static Task<int> Count(PortalDbContext db, string topic, CancellationToken ct) =>
        db.OutboxMessages.CountAsync(m => m.Topic == topic, ct);

    private static async Task AddAsync(DbContextOptions<SqlitePortalDbContext> options, string topic)
    {
        await using var db = new SqlitePortalDbContext(options);
        db.OutboxMessages.Add(new OutboxMessage { Topic = topic, OccurredAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    [Fact]
    public Task ReadsReuseTheirStatement_AndEachSeesTheCommitsBeforeIt() => WithLaneAsync(async (options, cache, lane) =>
    {
        await using var request = new SqlitePortalDbContext(options);
        var before = cache.Reused;
        for (var expected = 0; expected < 3; expected++)
        {
            Assert.Equal(expected, await lane.ReadAsync(request, (db, ct) => Count(db, "t", ct), CancellationToken.None));
            await AddAsync(options, "t");
        }
        // One connection, read one after the other: prepared at the first read, reused at the next two.
        Assert.Equal(2, cache.Reused - before);
        Assert.NotSame(request, await lane.ReadAsync(request, (db, _) => Task.FromResult(db), CancellationToken.None));
    });

    [Fact]
    public Task AReadThatFails_LeavesTheLaneUsable_AndReadsAtOnceGetAConnectionEach() => WithLaneAsync(async (options, _, lane) =>
    {
        await using var request = new SqlitePortalDbContext(options);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            lane.ReadAsync<int>(request, (_, _) => throw new InvalidOperationException("the read failed"), CancellationToken.None));
        await AddAsync(options, "after");
        Assert.Equal(1, await lane.ReadAsync(request, (db, ct) => Count(db, "after", ct), CancellationToken.None));

        // Two reads in flight at once never share a context.
        var (inFirst, release) = (new TaskCompletionSource<PortalDbContext>(), new TaskCompletionSource());
        var first = lane.ReadAsync(request, async (db, _) => { inFirst.SetResult(db); await release.Task; return db; }, CancellationToken.None);
        var second = await lane.ReadAsync(request, (db, _) => Task.FromResult(db), CancellationToken.None);
        Assert.NotSame(await inFirst.Task, second);
        release.SetResult();
        await first;
    });

    [Fact]
    public async Task AContextThatIsNotSqlites_ReadsOnItself()
    {
        using var lane = new SqliteReadLane(new ServiceCollection().BuildServiceProvider());
        await using var other = new PostgreSqlPortalDbContext(new DbContextOptionsBuilder<PostgreSqlPortalDbContext>().UseNpgsql("Host=nowhere").Options);
        Assert.Same(other, await lane.ReadAsync(other, (db, _) => Task.FromResult<PortalDbContext>(db), CancellationToken.None));
    }

    private static Task WithLaneAsync(Func<DbContextOptions<SqlitePortalDbContext>, SqliteStatementCache, SqliteReadLane, Task> test)
    {
        var cache = new SqliteStatementCache();
        return SqliteFile.WithMigratedAsync("lane", [cache], async (options, _) =>
        {
            using var lane = new SqliteReadLane(new ServiceCollection().AddSingleton(options).BuildServiceProvider());
            await test(options, cache, lane);
        });
    }
}
