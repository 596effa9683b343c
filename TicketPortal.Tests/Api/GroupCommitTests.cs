using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;
using TicketPortal.Domain.Tickets;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>API holds that arrive together share a transaction (GroupCommit), each inside a savepoint of its own:
/// what one writer refuses or throws is rolled back alone, and its events with it; the others commit.</summary>
[Collection(PortalCollection.Name)]
public sealed class GroupCommitTests(PortalFactory portal)
{
    private GroupCommit Group => portal.Services.GetRequiredService<GroupCommit>();

    [Fact]
    public async Task WritersQueuedTogether_CommitInOneGroup_AndOnlyThoseKeptAreWritten()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var eventId = Guid.Parse(sale.EventId);
        var request = new CreateTicketRequest(eventId, null, 1);
        Task<(Result<TicketView> Hold, bool Keep)> Hold(IServiceProvider services, bool keep) =>
            services.GetRequiredService<HoldService>().CreateAsync(new Actor(Guid.NewGuid().ToString(), false), request)
                .ContinueWith(t => (t.Result, keep), TaskScheduler.Default);

        // What commits hand on in-process (on SQLite): the kept writers' events, none of the rolled back ones'.
        var signal = portal.Services.GetRequiredService<OutboxSignal>();
        var handOn = signal.OnCommitted;
        var handedOn = new List<Guid>();
        if (handOn is not null)
            signal.OnCommitted = events =>
            {
                lock (handedOn)
                    handedOn.AddRange(events.Select(e => e.EntityId));
                handOn(events);
            };

        // The first writer holds the group open, so the next ones queue together behind it.
        var (started, open) = (new TaskCompletionSource(), new TaskCompletionSource());
        var first = Group.RunAsync(async services => { started.SetResult(); await open.Task; return await Hold(services, keep: true); });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var kept = Group.RunAsync(services => Hold(services, keep: true));
        var notKept = Group.RunAsync(services => Hold(services, keep: false));
        Guid? thrownTicket = null;
        var throws = Group.RunAsync<Result<TicketView>>(async services =>
        {
            var (hold, _) = await Hold(services, keep: true);
            thrownTicket = hold.Value!.Ticket.Id;
            throw new InvalidOperationException("a writer that fails after writing");
        });
        var keptToo = Group.RunAsync(services => Hold(services, keep: true));
        Assert.Equal(4, Group.Waiting);
        var groupsBefore = Group.Groups;
        open.SetResult();

        var held = new[] { await first, await kept, await keptToo };
        var refused = await notKept;
        await Assert.ThrowsAsync<InvalidOperationException>(() => throws);
        signal.OnCommitted = handOn;
        Assert.True(Group.Groups >= groupsBefore + 2);
        Assert.True(Group.LargestSoFar >= 4, $"the four queued writers shared a group (largest so far {Group.LargestSoFar})");

        // Three holds, with their places and their events; nothing of the two rolled back.
        var keptIds = held.Select(h => h.Value!.Ticket.Id).ToList();
        var rolledBack = new[] { refused.Value!.Ticket.Id, thrownTicket!.Value };
        Assert.Equal(3, await portal.ReservedAsync(sale.EventId));
        await portal.WithDbAsync(async db =>
        {
            Assert.Equal(keptIds.Order(), (await db.Tickets.Where(t => t.EventId == eventId).Select(t => t.Id).ToListAsync()).Order());
            var ids = keptIds.Concat(rolledBack).ToList();
            var events = await db.OutboxMessages.Where(m => ids.Contains(m.EntityId)).OrderBy(m => m.Position).Select(m => m.EntityId).ToListAsync();
            // Each kept hold's two events (database and index), in the order the writers ran: the group writes its
            // writers' events together at its commit (on SQLite), in the order they were saved.
            Assert.Equal(keptIds.SelectMany(id => new[] { id, id }), events);
            Assert.All(rolledBack, id => Assert.DoesNotContain(id, events));
        });
        if (handOn is not null)
            lock (handedOn)
            {
                Assert.Equal(keptIds.SelectMany(id => new[] { id, id }), handedOn.Where(keptIds.Contains));
                Assert.All(rolledBack, id => Assert.DoesNotContain(id, handedOn));
            }
    }

    [Fact]
    public async Task TheGroupIsIdle_OnlyWhileNothingIsWrittenOrWaiting_AndForAsLongAsSince()
    {
        // What the outbox dispatcher waits for before it takes SQLite's one writer's lock from the holds.
        var (started, open) = (new TaskCompletionSource(), new TaskCompletionSource());
        var writing = Group.RunAsync(async _ => { started.SetResult(); await open.Task; return (1, true); });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.Zero, Group.Idle);
        var waiting = Group.RunAsync(_ => Task.FromResult((2, true)));
        Assert.Equal(TimeSpan.Zero, Group.Idle);
        open.SetResult();
        Assert.Equal((1, 2), (await writing, await waiting));

        var idle = Stopwatch.StartNew();
        while (Group.Idle == TimeSpan.Zero && idle.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(5);
        var first = Group.Idle;
        Assert.True(first > TimeSpan.Zero);
        await Task.Delay(60);
        Assert.True(Group.Idle >= first + TimeSpan.FromMilliseconds(50), $"idle {first.TotalMilliseconds} ms, then {Group.Idle.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task HoldsOfOneGroup_ShareTheirEventsRead_AndTheUpdateStillRefusesThePlaceBeyondCapacity()
    {
        // The group's holds share one read of their event (HoldService.EventOfAsync), whose Reserved is behind by the
        // group's own holds: the third hold of two places passes that read and is turned away by the conditional
        // UPDATE; the fifth comes after another event's hold, reads afresh and is turned away at once.
        var small = await portal.PublishedEventAsync(capacity: 2, price: 10m);
        var other = await portal.PublishedEventAsync(capacity: 5, price: 30m);
        Task<(Result<TicketView> Hold, bool Keep)> Hold(IServiceProvider services, string eventId) =>
            services.GetRequiredService<HoldService>().CreateAsync(new Actor(Guid.NewGuid().ToString(), false), new CreateTicketRequest(Guid.Parse(eventId), null, 1))
                .ContinueWith(t => (t.Result, true), TaskScheduler.Default);

        var (started, open) = (new TaskCompletionSource(), new TaskCompletionSource());
        var groupsBefore = Group.Groups;
        var first = Group.RunAsync(async services => { started.SetResult(); await open.Task; return await Hold(services, other.EventId); });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Buying.OnSale[] order = [small, small, small, other, small];
        var queued = order.Select(sale => Group.RunAsync(services => Hold(services, sale.EventId))).ToList();
        open.SetResult();

        Assert.True((await first).Succeeded);
        var answers = await Task.WhenAll(queued);
        Assert.Equal(groupsBefore + 2, Group.Groups); // the first alone, then the five together
        Assert.Equal("held held refused held refused", string.Join(' ', answers.Select(a => a.Succeeded ? "held" : "refused")));
        Assert.All(answers.Where(a => !a.Succeeded), a => Assert.Equal(FailureKind.Conflict, a.Failure!.Kind));
        foreach (var (answer, sale) in answers.Zip(order).Where(x => x.First.Succeeded))
        {
            Assert.Equal(Guid.Parse(sale.EventId), answer.Value!.Ticket.EventId);
            Assert.Equal(sale == small ? 10m : 30m, answer.Value.Ticket.UnitPrice);
        }
        Assert.Equal(2, await portal.ReservedAsync(small.EventId));
        Assert.Equal(2, await portal.ReservedAsync(other.EventId));
    }

    [Fact]
    public async Task OutsideAGroup_EveryHoldReadsItsEventAgain()
    {
        // A page's scope lives as long as its circuit: a hold there must see the event as it is now, not as an
        // earlier hold of the same service read it.
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var eventId = Guid.Parse(sale.EventId);
        await using var scope = portal.Services.CreateAsyncScope();
        var holds = scope.ServiceProvider.GetRequiredService<HoldService>();
        var buyer = new Actor(Guid.NewGuid().ToString(), false);

        Assert.True((await holds.CreateAsync(buyer, new CreateTicketRequest(eventId, null, 1))).Succeeded);
        await portal.WithDbAsync(db => db.Events.Where(e => e.Id == eventId).ExecuteUpdateAsync(x => x.SetProperty(e => e.StartDate, DateTime.UtcNow.AddDays(-1))));
        var again = await holds.CreateAsync(buyer, new CreateTicketRequest(eventId, null, 1));

        Assert.Equal("This event is not on sale.", again.Failure?.Message);
    }

    [Fact]
    public async Task ConcurrentApiHolds_KeepEveryRuleOfTheHold()
    {
        // More buyers than places, each asking twice at once, with a limit of two per buyer: every place is held once,
        // nobody holds more than the limit, every refusal is a 409, and each hold's event is written.
        var sale = await portal.PublishedEventAsync(capacity: 10, maxPerBuyer: 2);
        var buyers = await Task.WhenAll(Enumerable.Range(0, 7).Select(_ => portal.NewUserClientAsync()));

        var answers = await Task.WhenAll(buyers.SelectMany(b => new[] { b.HoldAsync(sale, 1), b.HoldAsync(sale, 2) }));

        var created = answers.Where(a => a.StatusCode == HttpStatusCode.Created).ToList();
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var placesHeld = 0;
        foreach (var answer in created)
            placesHeld += (await answer.BodyAsync()).GetProperty("ticket").GetProperty("quantity").GetInt32();
        Assert.Equal(placesHeld, await portal.ReservedAsync(sale.EventId));
        Assert.InRange(placesHeld, 1, 10);
        var eventId = Guid.Parse(sale.EventId);
        await portal.WithDbAsync(async db =>
        {
            var perBuyer = await db.Tickets.Where(t => t.EventId == eventId).GroupBy(t => t.UserId).Select(g => g.Sum(t => t.Quantity)).ToListAsync();
            Assert.All(perBuyer, places => Assert.InRange(places, 1, 2));
            Assert.Equal(placesHeld, perBuyer.Sum());
            var ticketIds = await db.Tickets.Where(t => t.EventId == eventId).Select(t => t.Id).ToListAsync();
            var routeEvents = await db.OutboxMessages.CountAsync(m => m.Kind == OutboxKind.Route && ticketIds.Contains(m.EntityId));
            Assert.Equal(ticketIds.Count, routeEvents);
        });
    }

    [Fact]
    public async Task AWriterLeaves_RightAfterItsRollback_OrJustBeforeTheCommitThatShowsIt()
    {
        // What the waiting room hangs on this (a buyer's promise in the line) ends neither while the hold is written
        // but not yet visible to other readers, nor later than a rollback.
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var eventId = Guid.Parse(sale.EventId);
        var request = new CreateTicketRequest(eventId, null, 1);
        var log = new List<string>();
        void Log(string line) { lock (log) log.Add(line); }
        int Visible()
        {
            using var scope = portal.Services.CreateScope();
            return scope.ServiceProvider.GetRequiredService<PortalDbContext>().Tickets.Count(t => t.EventId == eventId);
        }
        Task<Result<TicketView>> Writer(string name, bool keep) => Group.RunAsync(async services =>
        {
            Log($"{name} writes");
            var hold = await services.GetRequiredService<HoldService>().CreateAsync(new Actor(Guid.NewGuid().ToString(), false), request);
            return (hold, keep);
        }, leaving: () => { lock (log) if (!log.Any(l => l.StartsWith($"{name} leaves", StringComparison.Ordinal))) log.Add($"{name} leaves, {Visible()} visible"); });

        var (started, open) = (new TaskCompletionSource(), new TaskCompletionSource());
        var first = Group.RunAsync(async _ => { started.SetResult(); await open.Task; return (0, false); });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var writers = new[] { Writer("a", keep: true), Writer("b", keep: false), Writer("c", keep: true) };
        open.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["a writes", "b writes", "b leaves, 0 visible", "c writes", "a leaves, 0 visible", "c leaves, 0 visible"], log);
        Assert.Equal(2, Visible());
    }

    [Fact]
    public async Task AnApiHoldsPromiseInTheLine_LastsUntilJustBeforeItsGroupCommits()
    {
        // Written but not committed, the hold is not in the places other readers count: the line still counts it.
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var eventId = Guid.Parse(sale.EventId);
        var buyer = await portal.NewUserClientAsync();
        var line = portal.Services.GetRequiredService<HoldLine>();
        var (started, open) = (new TaskCompletionSource(), new TaskCompletionSource());
        var first = Group.RunAsync(async _ => { started.SetResult(); await open.Task; return (0, false); });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var hold = buyer.HoldAsync(sale);
        for (var waited = 0; Group.Waiting == 0 && waited < 100; waited++)
            await Task.Delay(100);
        Assert.Equal(1, line.PromisedOn(eventId));
        var promisedWhileWritten = -1;
        var after = Group.RunAsync(_ =>
        {
            promisedWhileWritten = line.PromisedOn(eventId);
            return Task.FromResult((0, false));
        });
        open.SetResult();

        Assert.Equal(HttpStatusCode.Created, (await hold.WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
        await Task.WhenAll(first, after).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, promisedWhileWritten);
        Assert.Equal(0, line.PromisedOn(eventId));
        Assert.Equal(1, await portal.ReservedAsync(sale.EventId));
    }

    [Fact]
    public async Task AGroupedHold_RunsInItsOwnRequestsContext()
    {
        // The group's loop was started by some earlier request; each hold still answers with its own trace.
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var buyer = await portal.NewUserClientAsync();
        for (var i = 0; i < 2; i++)
        {
            var trace = ActivityTraceId.CreateRandom().ToHexString();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets") { Content = JsonContent.Create(new { eventId = sale.EventId, quantity = 1 }) };
            request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            var response = await buyer.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(trace, (await response.BodyAsync()).GetProperty("requestId").GetString());
        }
    }

    [Fact]
    public async Task AWriterWithdrawnWhileItWaits_NeverRuns()
    {
        var (started, open) = (new TaskCompletionSource(), new TaskCompletionSource());
        var first = Group.RunAsync(async _ => { started.SetResult(); await open.Task; return (1, true); });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var withdraw = new CancellationTokenSource();
        var ran = false;
        var waiting = Group.RunAsync(_ => { ran = true; return Task.FromResult((2, true)); }, waitToken: withdraw.Token);
        Assert.Equal(1, Group.Waiting);

        withdraw.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, Group.Waiting);
        open.SetResult();
        Assert.Equal(1, await first);
        Assert.Equal(3, await Group.RunAsync(_ => Task.FromResult((3, true))));
        Assert.False(ran);
    }
}
