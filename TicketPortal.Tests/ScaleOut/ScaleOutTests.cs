using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TicketPortal.Domain.Realtime;
using TicketPortal.Domain.Tickets;
using TicketPortal.EventStream;
using TicketPortal.Setup;
using TicketPortal.Tests.Support;
using TicketPortal.Tickets;

namespace TicketPortal.Tests.ScaleOut;

/// <summary>Two portal processes on one PostgreSQL database and one Redis server (see <see cref="PortalPair"/>).</summary>
public sealed class PairFixture : IAsyncLifetime
{
    public PortalPair Pair { get; private set; } = default!;
    public MockKafkaCluster Kafka { get; } = MockKafkaCluster.Start();

    public async Task InitializeAsync() =>
        Pair = await PortalPair.StartAsync(new Dictionary<string, string>
        {
            // Every second, so a test can watch several ticks of a recurring job go by.
            ["Hangfire__ExpireHoldsCron"] = "* * * * * *",
            ["Kafka__BootstrapServers"] = Kafka.BootstrapServers,
        });

    public async Task DisposeAsync()
    {
        await Pair.DisposeAsync();
        Kafka.Dispose();
    }
}

[Collection(ProcessCollection.Name)]
public sealed class ScaleOutTests(PairFixture fixture, BrowserFixture browser) : IClassFixture<PairFixture>, IClassFixture<BrowserFixture>
{
    private PortalPair Pair => fixture.Pair;
    private static readonly string TicketCreated = $"{Topics.DefaultPrefix}-dbevent-ticket-created";

    [Fact]
    public async Task TwoHundredBuyersOnBothInstances_ForFiftyPlaces_HoldExactlyFifty()
    {
        var sale = await ScaleOut.OnSaleAsync(Pair.AddressA, capacity: 50);
        var buyers = await ScaleOut.BuyersAsync(Pair, 20);

        // 10 holds per account, alternating instances: 200 requests at once, 100 on each.
        var holds = Enumerable.Range(0, 200).Select(async i => (await buyers[i % 20][i % 2].HoldAsync(sale)).StatusCode).ToList();
        var statuses = await Task.WhenAll(holds);

        Assert.Equal(50, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(150, statuses.Count(s => s == HttpStatusCode.Conflict));
        var eventId = Guid.Parse(sale.EventId);
        Assert.Equal(50, await Pair.ReadAsync(db => db.Tickets.Where(t => t.EventId == eventId).SumAsync(t => t.Quantity)));
        Assert.Equal(50, await Pair.ReadAsync(db => db.Events.Where(e => e.Id == eventId).Select(e => e.Reserved).SingleAsync()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AHubSubscriberOnOneInstance_GetsAPurchaseMadeOnTheOther_ExactlyOnce_WithinASecond(bool purchaseOnTheDispatcher)
    {
        // Both ways round: a commit on the instance that dispatches, and one on the other (which rings it).
        var dispatcher = await ScaleOut.DispatchingInstanceAsync(Pair);
        var (buyAt, watchAt) = purchaseOnTheDispatcher == (dispatcher == Pair.AddressA) ? (Pair.AddressA, Pair.AddressB) : (Pair.AddressB, Pair.AddressA);
        var sale = await ScaleOut.OnSaleAsync(buyAt, capacity: 10);
        await using var hub = await HubClient.ConnectAsync(watchAt, await PortalPair.SignedInAsync(watchAt, DemoData.OrganizerEmail));
        await hub.SubscribeAsync(TicketCreated, Guid.Parse(sale.EventId));
        var buyer = await PortalPair.SignedInAsync(buyAt, await PortalPair.RegisterAsync(buyAt));

        Assert.Equal(HttpStatusCode.Created, (await buyer.HoldAsync(sale)).StatusCode);
        var received = await hub.WaitForAsync(e => e.Topic == TicketCreated, TimeSpan.FromSeconds(10));
        // From the commit (the event's occurredAt, stamped in the same transaction) to receipt; one machine, one clock.
        var latency = DateTime.UtcNow - received.OccurredAt;

        Assert.True(latency < TimeSpan.FromSeconds(1), $"Took {latency.TotalMilliseconds:F0} ms from commit on one instance to receipt on the other");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(hub.Events, e => e.Id == received.Id);
        Assert.Single(hub.Events, e => e.Topic == TicketCreated);
    }

    [Fact]
    public async Task ChangesToOneObject_MadeOnBothInstances_ArriveInTheirOrder()
    {
        // One seat, locked and unlocked through seed 002's API, each change on the other instance from the one before.
        var sale = await ScaleOut.OnSaleAsync(Pair.AddressA, capacity: 100);
        var map = await sale.Organizer.PutAsJsonAsync($"/api/v1/events/{sale.EventId}/seat-map",
            new { sections = new[] { new { name = "Stalls", rows = "A", seatsPerRow = 4, priceTierId = sale.TierIds[0] } } });
        Assert.Equal(HttpStatusCode.OK, map.StatusCode);
        var token = (await map.BodyAsync()).GetProperty("seatMap").GetProperty("seats")[0].GetProperty("token").GetString()!;
        var app = await sale.Organizer.ApplicationAsync();
        var seatUpdated = $"{Topics.DefaultPrefix}-seat-updated";
        await using var hub = await HubClient.ConnectAsync(Pair.AddressB, await PortalPair.SignedInAsync(Pair.AddressB, DemoData.OrganizerEmail));
        await hub.SubscribeAsync(seatUpdated, Guid.Parse(sale.EventId));

        for (var i = 0; i < 10; i++)
        {
            using var client = PortalPair.Client(i % 2 == 0 ? Pair.AddressA : Pair.AddressB);
            var response = await client.SendAsync(Seating.LockRequest(app, i % 2 == 0 ? "lock" : "unlock", [token]));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var sequences = await Eventually.ReadUntilAsync(
            () => Task.FromResult(hub.Events.Where(e => e.Topic == seatUpdated).Select(e => e.Sequence).ToList()),
            s => s.Count >= 10, TimeSpan.FromSeconds(10));
        Assert.Equal(10, sequences.Count);
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
    }

    [Fact]
    public async Task PurchasesOnBothInstances_AreRelayedToKafkaOnce_ByOneInstance()
    {
        var sale = await ScaleOut.OnSaleAsync(Pair.AddressA, capacity: 20);
        var buyers = await ScaleOut.BuyersAsync(Pair, 2);
        var created = $"{Topics.DefaultPrefix}-dbevent-ticket-created";
        await using var reader = new KafkaReader(fixture.Kafka, created);

        var tickets = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => buyers[i % 2][i % 2].HeldTicketAsync(sale)));

        await reader.UntilAsync(r => tickets.All(id => r.Any(x => x.Key == id)));
        // A moment more, for any second copy to show up.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var ours = reader.Records.Where(r => tickets.Contains(r.Key)).ToList();
        Assert.Equal(10, ours.Count);
        Assert.Equal(10, ours.Select(r => r.EventId).Distinct().Count());
    }

    [Fact]
    public async Task ConcurrentChangesToOneObject_OnBothInstances_ReachTheHubAndKafkaInTheSameOrder()
    {
        var sale = await ScaleOut.OnSaleAsync(Pair.AddressA, capacity: 100);
        var map = await sale.Organizer.PutAsJsonAsync($"/api/v1/events/{sale.EventId}/seat-map",
            new { sections = new[] { new { name = "Stalls", rows = "A", seatsPerRow = 2, priceTierId = sale.TierIds[0] } } });
        var seat = (await map.BodyAsync()).GetProperty("seatMap").GetProperty("seats")[0];
        var (seatId, token) = (seat.GetProperty("id").GetString()!, seat.GetProperty("token").GetString()!);
        var app = await sale.Organizer.ApplicationAsync();
        var seatUpdated = $"{Topics.DefaultPrefix}-seat-updated";
        await using var reader = new KafkaReader(fixture.Kafka, seatUpdated);
        await using var hub = await HubClient.ConnectAsync(Pair.AddressB, await PortalPair.SignedInAsync(Pair.AddressB, DemoData.OrganizerEmail));
        await hub.SubscribeAsync(seatUpdated, Guid.Parse(sale.EventId));

        // Twenty locks and unlocks of one seat at once, half through each instance: whichever win, in whatever order.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var client = PortalPair.Client(i % 2 == 0 ? Pair.AddressA : Pair.AddressB);
            using var response = await client.SendAsync(Seating.LockRequest(app, i % 4 < 2 ? "lock" : "unlock", [token]));
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.MultiStatus or HttpStatusCode.UnprocessableEntity, $"{response.StatusCode}");
        }));

        var version = await Pair.ReadAsync(db => db.Seats.Where(s => s.Id == Guid.Parse(seatId)).Select(s => s.RecordVersion).SingleAsync());
        var onHub = (await Eventually.ReadUntilAsync(
            () => Task.FromResult(hub.Events.Where(e => e.Topic == seatUpdated && e.EntityId == Guid.Parse(seatId)).Select(e => e.Sequence).ToList()),
            s => s.Contains(version), TimeSpan.FromSeconds(15)));
        var onKafka = (await reader.UntilAsync(r => r.Any(x => x.Key == seatId && x.Sequence == version)))
            .Where(r => r.Key == seatId).Select(r => r.Sequence).ToList();

        Assert.Contains(version, onHub);
        Assert.Equal(onHub.Order(), onHub);
        Assert.Equal(onHub.Count, onHub.Distinct().Count());
        Assert.Equal(onHub, onKafka);
    }

    [Fact]
    public async Task ExactlyOneInstance_SaysItDispatches()
    {
        async Task<bool> DispatchesAsync(Uri address) =>
            (await PortalPair.HealthCheckAsync(address, "outbox")).GetProperty("data").GetProperty("thisInstanceDispatches").GetBoolean();

        // Read until the database and both instances agree (the lease could change hands between reads).
        var (dispatcher, a, b) = await Eventually.ReadUntilAsync(
            async () => (await ScaleOut.DispatchingInstanceAsync(Pair), await DispatchesAsync(Pair.AddressA), await DispatchesAsync(Pair.AddressB)),
            r => r.Item2 != r.Item3 && r.Item1 == (r.Item2 ? Pair.AddressA : Pair.AddressB), TimeSpan.FromSeconds(10));

        Assert.NotEqual(a, b);
        Assert.Equal(dispatcher == Pair.AddressA, a);
    }

    [Fact]
    public async Task ALivePageOnB_FollowsAHoldMadeOnA()
    {
        var sale = await ScaleOut.OnSaleAsync(Pair.AddressA, capacity: 10);
        var visitor = await browser.NewPageAsync(Pair.AddressB);
        await visitor.GotoAsync($"/events/{sale.EventId}");
        await visitor.WaitInteractiveAsync();
        await Assertions.Expect(visitor.GetByTestId("remaining")).ToHaveTextAsync("10 of 10 tickets left");

        var buyer = await PortalPair.SignedInAsync(Pair.AddressA, await PortalPair.RegisterAsync(Pair.AddressA));
        await buyer.HeldTicketAsync(sale, quantity: 3);

        await Assertions.Expect(visitor.GetByTestId("remaining")).ToHaveTextAsync("7 of 10 tickets left");
    }

    [Fact]
    public async Task ABearerTokenFromA_WorksOnB()
    {
        var onA = await PortalPair.SignedInAsync(Pair.AddressA, DemoData.AttendeeEmail);
        using var onB = PortalPair.Client(Pair.AddressB);
        onB.DefaultRequestHeaders.Authorization = onA.DefaultRequestHeaders.Authorization;

        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/v1/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PortalPair.Client(Pair.AddressB).GetAsync("/api/v1/tickets")).StatusCode);
    }

    [Fact]
    public async Task ARecurringJob_RunsOncePerTick_NotOncePerInstance()
    {
        // The fixture runs the hold-expiry job every second on both instances' schedulers.
        await Task.Delay(TimeSpan.FromSeconds(6));
        var ticks = await ScaleOut.RecurringTicksAsync(Pair.ConnectionString, TicketJobs.ExpireHoldsId);

        Assert.True(ticks.Count >= 3, $"Only {ticks.Count} runs in 6 s");
        Assert.All(ticks.GroupBy(t => t), tick => Assert.Single(tick));
    }

    [Fact]
    public async Task ACheckoutStartedOnA_CompletesThroughAWebhookHandledByB()
    {
        var sale = await ScaleOut.OnSaleAsync(Pair.AddressA, capacity: 10);
        var buyer = await PortalPair.SignedInAsync(Pair.AddressA, await PortalPair.RegisterAsync(Pair.AddressA));
        var ticketId = await buyer.HeldTicketAsync(sale);
        var payment = await buyer.StartCheckoutAsync(ticketId);
        var cardPage = new Uri(payment.GetProperty("redirectUrl").GetString()!);
        Assert.Equal(Pair.AddressB.Authority, cardPage.Authority);

        Assert.Equal(HttpStatusCode.Redirect, (await Buying.PayOnSandboxAsync(cardPage.ToString())).StatusCode);

        await buyer.WaitForStatusAsync(ticketId, "Paid");
        var webhook = $"POST http://{Pair.AddressB.Authority}/api/v1/stripe/webhook";
        Assert.Contains(webhook, await Eventually.ReadUntilAsync(() => Task.FromResult(Pair.B.Output),
            output => output.Contains(webhook, StringComparison.Ordinal), TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
        Assert.DoesNotContain("/api/v1/stripe/webhook", Pair.A.Output, StringComparison.Ordinal);
    }
}
