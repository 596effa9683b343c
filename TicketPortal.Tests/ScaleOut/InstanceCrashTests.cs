using System.Net;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Realtime;
using TicketPortal.Setup;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.ScaleOut;

/// <summary>An instance dies (SIGKILL) in the middle of an on-sale burst. A pair of its own, since it ends one.</summary>
[Collection(ProcessCollection.Name)]
public sealed class InstanceCrashTests
{
    private static readonly string TicketCreated = $"{Topics.DefaultPrefix}-dbevent-ticket-created";

    [Fact]
    public async Task TheDispatchingInstanceKilledMidBurst_TheOtherKeepsSelling_NothingOversold_EveryCommittedEventDelivered()
    {
        await using var pair = await PortalPair.StartAsync();
        // Kill the instance that holds the outbox lease, so the survivor must also take over the dispatching.
        var victimIsA = await ScaleOut.DispatchingInstanceAsync(pair) == pair.AddressA;
        var (victim, survivor, survivorId) = victimIsA ? (pair.A, pair.AddressB, pair.B.Id) : (pair.B, pair.AddressA, pair.A.Id);

        var sale = await ScaleOut.OnSaleAsync(survivor, capacity: 400);
        await using var hub = await HubClient.ConnectAsync(survivor, await PortalPair.SignedInAsync(survivor, DemoData.OrganizerEmail));
        await hub.SubscribeAsync(TicketCreated, Guid.Parse(sale.EventId));
        var buyers = await ScaleOut.BuyersAsync(pair, 20);

        // 300 holds at once, alternating instances; the victim dies once 100 have been answered.
        var answered = 0;
        var hundred = new TaskCompletionSource();
        var burst = Enumerable.Range(0, 300).Select(async i =>
        {
            var onVictim = (i % 2 == 0) == victimIsA;
            HttpStatusCode? status;
            try
            {
                status = (await buyers[i % 20][i % 2].HoldAsync(sale)).StatusCode;
            }
            catch (HttpRequestException) when (onVictim)
            {
                status = null;
            }
            if (Interlocked.Increment(ref answered) == 100)
                hundred.SetResult();
            return (onVictim, status);
        }).ToList();
        await hundred.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await victim.KillAsync();
        var results = await Task.WhenAll(burst);

        Assert.All(results.Where(r => !r.onVictim), r => Assert.Equal(HttpStatusCode.Created, r.status));
        var afterKill = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => buyers[i][victimIsA ? 1 : 0].HoldAsync(sale)));
        Assert.All(afterKill, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        var eventId = Guid.Parse(sale.EventId);
        var (reserved, quantities, ticketIds) = await pair.ReadAsync(async db => (
            await db.Events.Where(e => e.Id == eventId).Select(e => e.Reserved).SingleAsync(),
            await db.Tickets.Where(t => t.EventId == eventId).SumAsync(t => t.Quantity),
            await db.Tickets.Where(t => t.EventId == eventId).Select(t => t.Id).ToListAsync()));
        Assert.Equal(quantities, reserved);
        Assert.True(reserved <= 400);
        Assert.True(reserved >= 150 + 10, $"Only {reserved} held");

        // Every ticket any instance committed reaches the survivor's subscriber, once.
        var received = await Eventually.ReadUntilAsync(
            () => Task.FromResult(hub.Events.Where(e => e.Topic == TicketCreated).Select(e => e.EntityId).ToList()),
            r => ticketIds.All(r.Contains), TimeSpan.FromSeconds(30));
        Assert.Empty(ticketIds.Except(received));
        Assert.Equal(received.Count, received.Distinct().Count());
        Assert.Equal(ticketIds.Count, received.Count);
        // ...because the survivor took the dead instance's lease over.
        Assert.Contains($"/{survivorId}/", await pair.ReadAsync(db => db.OutboxLeases.Select(l => l.Holder).SingleAsync()), StringComparison.Ordinal);
    }
}

/// <summary>Redis goes away and comes back while both instances sell: Redis only rings bells, the database is the
/// stream, so nothing is lost. A Redis server of its own, since this one is killed.</summary>
[Collection(ProcessCollection.Name)]
public sealed class RedisOutageTests
{
    private static readonly string TicketCreated = $"{Topics.DefaultPrefix}-dbevent-ticket-created";

    [Fact]
    public async Task WhileRedisIsDown_BothInstancesKeepSelling_AndEveryEventStillReachesTheOtherInstance()
    {
        await using var redis = await RedisProcess.StartAsync();
        await using var pair = await PortalPair.StartAsync(new Dictionary<string, string> { ["Redis__Connection"] = redis.Address });
        var sale = await ScaleOut.OnSaleAsync(pair.AddressA, capacity: 50);
        await using var hub = await HubClient.ConnectAsync(pair.AddressB, await PortalPair.SignedInAsync(pair.AddressB, DemoData.OrganizerEmail));
        await hub.SubscribeAsync(TicketCreated, Guid.Parse(sale.EventId));
        var email = await PortalPair.RegisterAsync(pair.AddressA);
        var onA = await PortalPair.SignedInAsync(pair.AddressA, email);
        var onB = await PortalPair.SignedInAsync(pair.AddressB, email);
        var tickets = new List<string> { await onA.HeldTicketAsync(sale) };

        await redis.KillAsync();
        for (var i = 0; i < 3; i++)
        {
            tickets.Add(await onA.HeldTicketAsync(sale));
            tickets.Add(await onB.HeldTicketAsync(sale));
        }
        await AllReceivedOnceAsync(hub, tickets);

        await redis.StartAgainAsync();
        tickets.Add(await onA.HeldTicketAsync(sale));
        await AllReceivedOnceAsync(hub, tickets);
    }

    private static async Task AllReceivedOnceAsync(HubClient hub, List<string> tickets)
    {
        var expected = tickets.Select(Guid.Parse).ToList();
        var received = await Eventually.ReadUntilAsync(
            () => Task.FromResult(hub.Events.Where(e => e.Topic == TicketCreated).Select(e => e.EntityId).ToList()),
            r => expected.All(r.Contains), TimeSpan.FromSeconds(15));
        Assert.Equal(expected.Order(), received.Order());
    }
}
