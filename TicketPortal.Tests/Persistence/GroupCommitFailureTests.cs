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
        // In a group on SQLite the writers' events are written together as the group commits, after all their rows. The
        // bad writer's hold is saved with its events; its next save adds an event SQLite refuses (no topic): the group's
        // commit fails before its COMMIT, each writer runs again alone, and the bad one, alone, fails: nothing of it (its
        // hold, its places, its events) is left or handed on, and the others commit.
        var group = portal.Services.GetRequiredService<GroupCommit>();
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var eventId = Guid.Parse(sale.EventId);
        var request = new CreateTicketRequest(eventId, null, 1);
        async Task<(Result<TicketView>, bool)> Hold(IServiceProvider services) =>
            (await services.GetRequiredService<HoldService>().CreateAsync(new Actor(Guid.NewGuid().ToString(), false), request), true);

        var signal = portal.Services.GetRequiredService<OutboxSignal>();
        var handOn = signal.OnCommitted;
        var handedOn = new List<Guid>();
        signal.OnCommitted = events =>
        {
            lock (handedOn)
                handedOn.AddRange(events.Select(e => e.EntityId));
            handOn?.Invoke(events);
        };
        try
        {
            var (started, open) = (new TaskCompletionSource(), new TaskCompletionSource());
            var first = group.RunAsync(async services => { started.SetResult(); await open.Task; return await Hold(services); });
            await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var before = group.Groups;
            var good = group.RunAsync(Hold);
            var badTicket = default(Guid?);
            var bad = group.RunAsync(async services =>
            {
                var (held, _) = await Hold(services);
                badTicket = held.Value!.Ticket.Id;
                var db = services.GetRequiredService<PortalDbContext>();
                var ticket = await db.Tickets.SingleAsync(t => t.Id == badTicket);
                ticket.Cancel(DateTime.UtcNow); // a change with events of its own, and a bad one beside them
                db.OutboxMessages.Add(new OutboxMessage { Topic = null!, EntityId = Guid.NewGuid() });
                await db.SaveChangesAsync();
                return (held, true);
            });
            var goodToo = group.RunAsync(Hold);
            open.SetResult();

            var held = new[] { await first, await good, await goodToo };
            var refused = await Assert.ThrowsAsync<SqliteException>(() => bad);
            Assert.Contains("NOT NULL", refused.Message);
            Assert.All(held, h => Assert.Null(h.Failure));
            // The first writer's group, then the two good writers alone after the group of three failed.
            Assert.Equal(before + 3, group.Groups);
            Assert.Equal(3, await portal.ReservedAsync(sale.EventId));
            var ids = held.Select(h => h.Value!.Ticket.Id).ToList();
            await portal.WithDbAsync(async db =>
            {
                Assert.False(await db.Tickets.AnyAsync(t => t.Id == badTicket));
                Assert.Equal(3, await db.Tickets.CountAsync(t => t.EventId == eventId));
                // Each kept hold has its ticket's two events (database and index); the bad one none.
                var events = await db.OutboxMessages.Where(m => ids.Contains(m.EntityId)).GroupBy(m => m.EntityId).Select(g => g.Count()).ToListAsync();
                Assert.Equal([2, 2, 2], events);
                Assert.False(await db.OutboxMessages.AnyAsync(m => m.EntityId == badTicket));
            });
            lock (handedOn)
            {
                Assert.All(ids, id => Assert.Equal(2, handedOn.Count(h => h == id)));
                Assert.DoesNotContain(badTicket!.Value, handedOn);
            }
        }
        finally
        {
            signal.OnCommitted = handOn;
        }
    }
}
