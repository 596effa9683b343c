using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;
using TicketPortal.Domain.Tickets;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Persistence;

/// <summary>A group whose transaction fails at its commit wrote nothing: each of its writers runs again alone, and
/// only the one the database refuses fails. (SQLite: a foreign key checked at commit makes the failure here.)</summary>
[Collection(PortalCollection.Name)]
public sealed class GroupCommitFailureTests(PortalFactory portal)
{
    [Fact]
    public async Task AGroupWhoseCommitFails_RunsEachWriterAgainAlone_AndOnlyTheBadOneFails()
    {
        var group = portal.Services.GetRequiredService<GroupCommit>();
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var eventId = Guid.Parse(sale.EventId);
        var victim = Guid.Parse(await (await portal.NewUserClientAsync()).HeldTicketAsync(sale));
        var request = new CreateTicketRequest(eventId, null, 1);
        async Task<(Result<TicketView>, bool)> Hold(IServiceProvider services) =>
            (await services.GetRequiredService<HoldService>().CreateAsync(new Actor(Guid.NewGuid().ToString(), false), request), true);

        var (started, open) = (new TaskCompletionSource(), new TaskCompletionSource());
        var first = group.RunAsync(async services => { started.SetResult(); await open.Task; return await Hold(services); });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var before = group.Groups;
        var good = group.RunAsync(Hold);
        var badRuns = 0;
        var bad = group.RunAsync(async services =>
        {
            badRuns++;
            // Accepted by its statement and its savepoint; refused by the COMMIT.
            var db = services.GetRequiredService<PortalDbContext>();
            await db.Database.ExecuteSqlRawAsync("PRAGMA defer_foreign_keys = ON");
            await db.Tickets.Where(t => t.Id == victim).ExecuteUpdateAsync(s => s.SetProperty(t => t.EventId, Guid.NewGuid()));
            return (0, true);
        });
        var goodToo = group.RunAsync(Hold);
        open.SetResult();

        var held = new[] { await first, await good, await goodToo };
        var refused = await Assert.ThrowsAsync<SqliteException>(() => bad);
        Assert.Contains("FOREIGN KEY", refused.Message);
        Assert.Equal(2, badRuns); // in the group, then alone
        Assert.All(held, h => Assert.Null(h.Failure));
        // The first group, then the two good writers alone; the failed group and the bad writer alone commit nothing.
        Assert.Equal(before + 3, group.Groups);
        Assert.Equal(4, await portal.ReservedAsync(sale.EventId));
        await portal.WithDbAsync(async db =>
        {
            Assert.Equal(eventId, await db.Tickets.Where(t => t.Id == victim).Select(t => t.EventId).SingleAsync());
            Assert.Equal(4, await db.Tickets.CountAsync(t => t.EventId == eventId));
        });
    }
    [Fact]
    public async Task AWriterWhoseEventFailsAfterItsRows_LeavesNeitherBehind_AndTheGroupGoesOn()
    {
        // In a group a save's events follow its rows by a statement of their own: the writer's savepoint takes back the
        // ticket and its places when an event is refused after them. (SQLite: an event without a topic is refused.)
        var group = portal.Services.GetRequiredService<GroupCommit>();
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var eventId = Guid.Parse(sale.EventId);
        var request = new CreateTicketRequest(eventId, null, 1);
        async Task<(Result<TicketView>, bool)> Hold(IServiceProvider services) =>
            (await services.GetRequiredService<HoldService>().CreateAsync(new Actor(Guid.NewGuid().ToString(), false), request), true);

        var (started, open) = (new TaskCompletionSource(), new TaskCompletionSource());
        var first = group.RunAsync(async services => { started.SetResult(); await open.Task; return await Hold(services); });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var good = group.RunAsync(Hold);
        var badBuyer = Guid.NewGuid().ToString();
        var bad = group.RunAsync(async services =>
        {
            var db = services.GetRequiredService<PortalDbContext>();
            db.OutboxMessages.Add(new OutboxMessage { Topic = null!, EntityId = Guid.NewGuid() });
            return (await services.GetRequiredService<HoldService>().CreateAsync(new Actor(badBuyer, false), request), true);
        });
        var goodToo = group.RunAsync(Hold);
        open.SetResult();

        var held = new[] { await first, await good, await goodToo };
        var refused = await Assert.ThrowsAsync<SqliteException>(() => bad);
        Assert.Contains("NOT NULL", refused.Message);
        Assert.All(held, h => Assert.Null(h.Failure));
        Assert.Equal(3, await portal.ReservedAsync(sale.EventId));
        await portal.WithDbAsync(async db =>
        {
            Assert.False(await db.Tickets.AnyAsync(t => t.UserId == badBuyer));
            var ids = held.Select(h => h.Value!.Ticket.Id).ToList();
            Assert.Equal(3, await db.Tickets.CountAsync(t => t.EventId == eventId));
            // Each kept hold has its ticket's two events (database and index); the bad one none.
            var events = await db.OutboxMessages.Where(m => ids.Contains(m.EntityId)).GroupBy(m => m.EntityId).Select(g => g.Count()).ToListAsync();
            Assert.Equal([2, 2, 2], events);
            Assert.False(await db.OutboxMessages.AnyAsync(m => m.UserId == badBuyer));
        });
    }
}
