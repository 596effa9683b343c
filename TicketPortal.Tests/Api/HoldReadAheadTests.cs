using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Tickets;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>A hold that lined up takes its event as read then (HoldService.LineUpAsync), not read again in its turn,
/// but only while the event's version has not moved: an edit made while it waited is what the hold sees.</summary>
[Collection(PortalCollection.Name)]
public sealed class HoldReadAheadTests(PortalFactory portal)
{
    [Fact]
    public async Task AHold_TakesTheEventReadWhileItWaited_OnlyWhileTheEventIsUnchanged()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10, price: 20m);
        var request = new CreateTicketRequest(Guid.Parse(sale.EventId), Guid.Parse(sale.TierIds[0]), 1);
        var buyer = new Actor(Guid.NewGuid().ToString(), false);

        // Unchanged since it was read: the hold uses that read as it is.
        var held = await HoldAsync(buyer, request, await LineUpAsync(buyer, request));
        Assert.Equal(20m, held.Value!.Ticket.UnitPrice);
        // It reads no event of its own: given a read without the tier, it finds no tier (the database has it).
        var withoutTiers = await LineUpAsync(buyer, request);
        withoutTiers.Tiers.Clear();
        var refused = await HoldAsync(buyer, request, withoutTiers);
        Assert.Equal(FailureKind.Validation, refused.Failure!.Kind);

        // The organizer changes the price while the buyer waits: the event's version moved, so the hold reads the event
        // again (the tiers cleared from the stale read do not matter) and charges the new price.
        var stale = await LineUpAsync(buyer, request);
        stale.Tiers.Clear();
        var edit = await sale.Organizer.PutAsJsonAsync($"/api/v1/events/{sale.EventId}", new
        {
            title = "Repriced", venue = "Test Hall", startDate = DateTime.UtcNow.AddDays(30), minutes = 60, capacity = 10, maxPerBuyer = 10,
            tiers = new[] { new { id = sale.TierIds[0], name = "Tier 0", price = 35m, currency = "EUR" } },
        });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var repriced = await HoldAsync(buyer, request, stale);
        Assert.Equal(35m, repriced.Value!.Ticket.UnitPrice);
    }

    [Fact]
    public async Task TheLine_HandsOnNoEvent_ForAHoldItDoesNotJudge()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10);
        // A tier that is not the event's: the hold answers it in its turn, on what it reads then.
        using var scope = portal.Services.CreateScope();
        var lined = await scope.ServiceProvider.GetRequiredService<HoldService>()
            .LineUpAsync(new Actor(Guid.NewGuid().ToString(), false), new CreateTicketRequest(Guid.Parse(sale.EventId), Guid.NewGuid(), 1));
        Assert.Null(lined.Promise);
        Assert.Null(lined.Event);
    }

    private async Task<Domain.Events.Event> LineUpAsync(Actor buyer, CreateTicketRequest request)
    {
        using var scope = portal.Services.CreateScope();
        var lined = await scope.ServiceProvider.GetRequiredService<HoldService>().LineUpAsync(buyer, request);
        lined.Promise?.Dispose();
        return lined.Event ?? throw new InvalidOperationException("The line read no event.");
    }

    private async Task<Result<TicketView>> HoldAsync(Actor buyer, CreateTicketRequest request, Domain.Events.Event read)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<HoldService>().CreateAsync(buyer, request, read);
    }
}
