using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Events;
using TicketPortal.Domain.Realtime;
using TicketPortal.Domain.Tickets;
using TicketPortal.Realtime;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

[Collection(PortalCollection.Name)]
public sealed class RealtimeTests(PortalFactory portal)
{
    private const string Prefix = "tickatme-ticket-service";

    [Fact]
    public async Task Subscriber_ReceivesTicketUpdatedWithOldTicket_WhenCheckoutCompletes()
    {
        var sale = await portal.PublishedEventAsync();
        var buyer = await portal.NewUserClientAsync();
        var ticketId = await buyer.HeldTicketAsync(sale);
        await using var hub = await HubClient.ConnectAsync(portal, buyer);
        await hub.SubscribeAsync($"{Prefix}-dbevent-ticket-updated", ticketId: Guid.Parse(ticketId));

        var payment = await buyer.StartCheckoutAsync(ticketId);
        await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!);

        var paid = await hub.WaitForAsync(e => e.Payload.GetProperty("ticket").GetProperty("status").GetString() == "Paid");
        Assert.Equal($"{Prefix}-dbevent-ticket-updated", paid.Topic);
        Assert.Equal("CheckoutStarted", paid.Payload.GetProperty("old_ticket").GetProperty("status").GetString());
        Assert.Equal(ticketId, paid.Payload.GetProperty("ticket").GetProperty("id").GetString());
        Assert.Equal(paid.Payload.GetProperty("ticket").GetProperty("recordVersion").GetInt64(), paid.Sequence);
        Assert.True(paid.Payload.GetProperty("ticket").TryGetProperty("_owner", out _));
        var started = await hub.WaitForAsync(e => e.Payload.GetProperty("ticket").GetProperty("status").GetString() == "CheckoutStarted");
        Assert.True(started.Sequence < paid.Sequence);
        Assert.All(hub.Events, e => Assert.Equal(ticketId, e.Payload.GetProperty("ticket").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task AttendeeB_NeverReceivesAttendeeAsEvents()
    {
        var sale = await portal.PublishedEventAsync();
        var a = await portal.NewUserClientAsync();
        var b = await portal.NewUserClientAsync();
        await using var hubA = await HubClient.ConnectAsync(portal, a);
        await using var hubB = await HubClient.ConnectAsync(portal, b);
        foreach (var hub in new[] { hubA, hubB })
        {
            await hub.SubscribeAsync($"{Prefix}-dbevent-ticket-created");
            await hub.SubscribeAsync($"{Prefix}-dbevent-ticket-updated");
            await hub.SubscribeAsync($"{Prefix}-ticket-created");
            await hub.SubscribeAsync(Topics.Index("ticket", "created"));
        }

        var ticketId = await a.HeldTicketAsync(sale);
        await a.StartCheckoutAsync(ticketId);

        await hubA.WaitForAsync(e => e.Topic == $"{Prefix}-dbevent-ticket-updated");
        await hubA.WaitForAsync(e => e.Topic == $"{Prefix}-ticket-created");
        await Task.Delay(500);
        Assert.Empty(hubB.Events);
    }

    [Fact]
    public async Task Organizer_ReceivesTheirEventsTickets_FilteredByEvent()
    {
        var sale = await portal.PublishedEventAsync();
        var other = await portal.PublishedEventAsync();
        await using var hub = await HubClient.ConnectAsync(portal, sale.Organizer);
        await hub.SubscribeAsync($"{Prefix}-dbevent-ticket-created", eventId: Guid.Parse(sale.EventId));
        var buyer = await portal.NewUserClientAsync();

        await buyer.HeldTicketAsync(other);
        var ticketId = await buyer.HeldTicketAsync(sale);

        var created = await hub.WaitForAsync(e => e.Topic == $"{Prefix}-dbevent-ticket-created");
        Assert.Equal(ticketId, created.Payload.GetProperty("id").GetString());
        Assert.Equal("Reserved", created.Payload.GetProperty("status").GetString());
        await Task.Delay(300);
        Assert.Single(hub.Events);
    }

    [Fact]
    public async Task RouteEvent_CarriesTheRestResponse_AndIndexEventTheReadModel()
    {
        var sale = await portal.PublishedEventAsync();
        var buyer = await portal.NewUserClientAsync();
        await using var hub = await HubClient.ConnectAsync(portal, buyer);
        await hub.SubscribeAsync($"{Prefix}-ticket-created");
        await hub.SubscribeAsync($"{Prefix}-ticket-startcheckoutked");
        await hub.SubscribeAsync(Topics.Index("ticket", "updated"));

        var response = await buyer.HoldAsync(sale);
        var rest = await response.BodyAsync();
        var ticketId = rest.GetProperty("ticket").GetProperty("id").GetString()!;
        await buyer.StartCheckoutAsync(ticketId);

        var route = await hub.WaitForAsync(e => e.Topic == $"{Prefix}-ticket-created");
        Assert.Equal(rest.GetProperty("ticket").ToString(), route.Payload.GetProperty("ticket").ToString());
        Assert.Equal("ticket", route.Payload.GetProperty("dataName").GetString());
        Assert.Equal("create", route.Payload.GetProperty("action").GetString());
        Assert.Equal("201", route.Payload.GetProperty("statusCode").GetString());
        var started = await hub.WaitForAsync(e => e.Topic == $"{Prefix}-ticket-startcheckoutked");
        Assert.Equal("open", started.Payload.GetProperty("ticketPayment").GetProperty("paymentStatus").GetString());
        var index = await hub.WaitForAsync(e => e.Topic == "elastic-index-tickatme_ticket-updated");
        Assert.StartsWith("Sale ", index.Payload.GetProperty("eventTitle").GetString());
        Assert.Equal("Test Hall", index.Payload.GetProperty("eventVenue").GetString());
        Assert.Equal("open", index.Payload.GetProperty("paymentStatus").GetString());
    }

    [Fact]
    public async Task SoftDelete_IsPublishedAsDeleted_WithIsActiveFalse()
    {
        var sale = await portal.PublishedEventAsync();
        var buyer = await portal.NewUserClientAsync();
        var ticketId = await buyer.HeldTicketAsync(sale);
        await using var hub = await HubClient.ConnectAsync(portal, buyer);
        await hub.SubscribeAsync($"{Prefix}-dbevent-ticket-deleted");

        await buyer.DeleteAsync($"/api/v1/tickets/{ticketId}");

        var deleted = await hub.WaitForAsync(e => e.Topic == $"{Prefix}-dbevent-ticket-deleted");
        Assert.False(deleted.Payload.GetProperty("isActive").GetBoolean());
        Assert.Equal("Cancelled", deleted.Payload.GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnknownTopic_IsRefusedWithAClearHubError()
    {
        var buyer = await portal.NewUserClientAsync();
        await using var hub = await HubClient.ConnectAsync(portal, buyer);

        var error = await Assert.ThrowsAsync<HubException>(() => hub.SubscribeAsync("tickatme-ticket-service-dbevent-nothing-created"));
        Assert.Contains("Unknown topic 'tickatme-ticket-service-dbevent-nothing-created'", error.Message);
    }

    [Fact]
    public async Task UnknownFilter_IsRefusedNamingTheFiltersThatExist()
    {
        var buyer = await portal.NewUserClientAsync();
        await using var hub = await HubClient.ConnectAsync(portal, buyer);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            hub.SubscribeWithFilterAsync($"{Prefix}-dbevent-ticket-updated", new { seatId = Guid.NewGuid() }));
        Assert.Contains("Unknown filter 'seatId'", error.Message);
        Assert.Contains("eventId", error.Message);
        Assert.Contains("ticketId", error.Message);
    }

    [Fact]
    public async Task PaymentEvents_NarrowedToAnEvent_ReachItsOrganizer_AndNotOtherEvents()
    {
        var sale = await portal.PublishedEventAsync();
        var other = await portal.PublishedEventAsync();
        await using var hub = await HubClient.ConnectAsync(portal, sale.Organizer);
        await hub.SubscribeAsync($"{Prefix}-dbevent-ticketpayment-created", eventId: Guid.Parse(sale.EventId));

        var buyer = await portal.NewUserClientAsync();
        await buyer.StartCheckoutAsync(await buyer.HeldTicketAsync(other));
        var ticketId = await buyer.HeldTicketAsync(sale);
        await buyer.StartCheckoutAsync(ticketId);

        var created = await hub.WaitForAsync(e => e.Topic == $"{Prefix}-dbevent-ticketpayment-created");
        Assert.Equal(ticketId, created.Payload.GetProperty("orderId").GetString());
        await Task.Delay(300);
        Assert.Single(hub.Events);
    }

    [Fact]
    public async Task Hub_RefusesAnonymousConnections()
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(portal.BaseAddress, "/hubs/tickets")).Build();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Outbox_RolledBackChange_EmitsNothing_CommittedChange_EmitsExactlyOne()
    {
        var sale = await portal.PublishedEventAsync();
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var newTicket = await NewTicketsAsync(db, sale);

        var rolledBack = newTicket();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.Tickets.Add(rolledBack);
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }
        db.ChangeTracker.Clear();
        var committed = await CommitNewTicketAsync(db, newTicket);

        Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.EntityId == rolledBack.Id));
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.EntityId == committed.Id && m.Topic == $"{Prefix}-dbevent-ticket-created"));
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.EntityId == committed.Id && m.Topic == "elastic-index-tickatme_ticket-created"));
    }

    /// <summary>On SQLite each commit hands its events to this instance's subscribers at once (OutboxHandoff); a
    /// transaction disposed with neither commit nor rollback must hand over nothing, not even with the next commit
    /// of the same context, and the follower must not deliver a handed-over event a second time.</summary>
    [Fact]
    public async Task AChangeDisposedUnfinished_ReachesNoSubscriber_AndACommittedOneArrivesOnce()
    {
        var sale = await portal.PublishedEventAsync();
        await using var hub = await HubClient.ConnectAsync(portal, sale.Organizer);
        await hub.SubscribeAsync($"{Prefix}-dbevent-ticket-created", eventId: Guid.Parse(sale.EventId));
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var newTicket = await NewTicketsAsync(db, sale);

        var abandoned = newTicket();
        await using (await db.Database.BeginTransactionAsync())
        {
            db.Tickets.Add(abandoned);
            await db.SaveChangesAsync();
        }
        db.ChangeTracker.Clear();
        var committed = await CommitNewTicketAsync(db, newTicket);

        var received = await hub.WaitForAsync(x => x.Topic == $"{Prefix}-dbevent-ticket-created");
        Assert.Equal(committed.Id.ToString(), received.Payload.GetProperty("id").GetString());
        // Long enough for the dispatcher to number it and the follower to read it back.
        await Task.Delay(1500);
        Assert.Single(hub.Events);
        Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.EntityId == abandoned.Id));
    }

    /// <summary>Makes held tickets of the sale's event for a demo account, straight in the domain.</summary>
    private static async Task<Func<Ticket>> NewTicketsAsync(PortalDbContext db, Buying.OnSale sale)
    {
        var e = await db.Events.Include(x => x.Tiers).AsNoTracking().SingleAsync(x => x.Id == Guid.Parse(sale.EventId));
        var buyerId = (await db.Users.FirstAsync()).Id;
        return () => Ticket.Reserve(e, e.Tiers[0], buyerId, 1, DateTime.UtcNow, TimeSpan.FromMinutes(10));
    }

    private static async Task<Ticket> CommitNewTicketAsync(PortalDbContext db, Func<Ticket> newTicket)
    {
        var ticket = newTicket();
        await using var tx = await db.Database.BeginTransactionAsync();
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return ticket;
    }

    [Fact]
    public async Task EventsCommittedBeforeACrash_AreDeliveredByTheNextDispatcher()
    {
        // A database whose process "crashed" after commit: its events were saved but never dispatched.
        var path = Path.Combine(portal.DataDirectory, $"crashed-{Guid.NewGuid():N}.db");
        var publications = portal.Services.GetRequiredService<Publications>();
        var services = new ServiceCollection()
            .AddSingleton(new OutboxSignal(publications))
            .AddSingleton(TimeProvider.System)
            .AddDbContext<PortalDbContext, SqlitePortalDbContext>(o => o.UseSqlite($"Data Source={path}"))
            .BuildServiceProvider();
        Guid ticketId;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.Database.MigrateAsync();
            db.Users.Add(new Domain.Accounts.PortalUser { Id = "org", UserName = "org", Email = "org@test.local" });
            var e = Event.Create("org", new EventDraft
            {
                Title = "Crash test", Venue = "Hall", StartDate = DateTime.UtcNow.AddDays(3), Minutes = 60, Capacity = 5,
                Tiers = [new PriceTierDraft { Name = "Seat", Price = 5m, Currency = "EUR" }],
            });
            e.Publish(DateTime.UtcNow);
            db.Events.Add(e);
            var ticket = Ticket.Reserve(e, e.Tiers[0], "org", 1, DateTime.UtcNow, TimeSpan.FromMinutes(10));
            ticketId = ticket.Id;
            db.Tickets.Add(ticket);
            await db.SaveChangesAsync();
            Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.DispatchedAt == null));
        }

        // The restarted process: a fresh dispatcher over the same database.
        var live = new LiveEvents(publications.Topics, NullLogger<LiveEvents>.Instance);
        var received = new List<OutboxMessage>();
        live.Published += received.Add;
        var noSettings = new ConfigurationBuilder().Build();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var bells = new OutboxBells(new OutboxSignal(publications));
        var delivery = new OutboxDelivery(new SubscriptionRegistry(), portal.Services.GetRequiredService<IHubContext<TicketsHub>>(), live,
            noSettings, NullLogger<OutboxDelivery>.Instance);
        // A restart hands over nothing it did not commit itself: the follower delivers what the crash left.
        var handoff = new OutboxHandoff(bells.Committed, delivery, noSettings, NullLogger<OutboxHandoff>.Instance);
        var follower = new OutboxFollower(scopes, bells, delivery, handoff, noSettings, NullLogger<OutboxFollower>.Instance);
        await follower.StartFromNowAsync(CancellationToken.None);
        var dispatcher = new OutboxDispatcher(scopes, bells, handoff, TimeProvider.System, noSettings, NullLogger<OutboxDispatcher>.Instance);
        Assert.Equal(2, await dispatcher.DispatchBatchAsync(CancellationToken.None));
        Assert.Equal(0, await dispatcher.DispatchBatchAsync(CancellationToken.None));
        Assert.Equal(2, await follower.DeliverNewAsync(CancellationToken.None));
        Assert.Equal(0, await follower.DeliverNewAsync(CancellationToken.None));

        Assert.Contains(received, m => m.Topic == $"{Prefix}-dbevent-ticket-created" && m.EntityId == ticketId);
        await using (var scope = services.CreateAsyncScope())
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<PortalDbContext>().OutboxMessages.CountAsync(m => m.DispatchedAt == null));
        await services.DisposeAsync();
    }
}
