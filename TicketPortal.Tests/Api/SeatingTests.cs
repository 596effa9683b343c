using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Tickets;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>Seat maps and picking seats: capacity is the seat count, a seat is sold once, and expiry, cancel and
/// refund give seats back.</summary>
[Collection(PortalCollection.Name)]
public sealed class SeatingTests(PortalFactory portal)
{
    [Fact]
    public async Task SeatMap_GeneratorLaysOutRowsAndSeats_CapacityIsTheSeatCount_TokensOnlyForTheOrganizer()
    {
        var seated = await portal.SeatedEventAsync(rows: "A-C", perRow: 4);

        Assert.Equal(12, seated.Seats.Length);
        Assert.Equal(["A", "A", "A", "A", "B"], seated.Seats.Take(5).Select(s => s.GetProperty("row").GetString()));
        Assert.Equal(12, seated.Tokens.Distinct().Count());
        Assert.All(seated.Tokens, t => Assert.True(t.Length >= 32, "tokens carry 128 random bits"));
        var e = await (await portal.Anonymous().GetAsync($"/api/v1/events/{seated.Sale.EventId}")).BodyAsync();
        Assert.Equal(12, e.GetProperty("event").GetProperty("capacity").GetInt32());

        var publicMap = await portal.Anonymous().SeatMapAsync(seated.Sale.EventId);
        Assert.All(publicMap.GetProperty("seats").EnumerateArray(), s => Assert.Equal(System.Text.Json.JsonValueKind.Null, s.GetProperty("token").ValueKind));
        var ownMap = await seated.Sale.Organizer.SeatMapAsync(seated.Sale.EventId);
        Assert.Equal(seated.Tokens, ownMap.GetProperty("seats").EnumerateArray().Select(s => s.GetProperty("token").GetString()));
    }

    [Fact]
    public async Task SeatMap_BadDraft_ProblemNamesTheField_AndAnotherOrganizerIsForbidden()
    {
        var sale = await portal.PublishedEventAsync();
        var bad = await sale.Organizer.PutAsJsonAsync($"/api/v1/events/{sale.EventId}/seat-map",
            new { sections = new[] { new { name = "Stalls", rows = "K-A", seatsPerRow = 0 } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.BodyAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("sections[0].rows", out _));
        Assert.True(errors.TryGetProperty("sections[0].seatsPerRow", out _));

        var other = await portal.NewUserClientAsync(Roles.Organizer);
        var forbidden = await other.PutAsJsonAsync($"/api/v1/events/{sale.EventId}/seat-map",
            new { sections = new[] { new { name = "Stalls", rows = "A", seatsPerRow = 2 } } });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task PickingSeats_HoldsThem_TheTicketNamesThem_PaymentSellsThem()
    {
        var seated = await portal.SeatedEventAsync(price: 30m);
        var buyer = await portal.NewUserClientAsync();

        var picked = await buyer.PickAsync(seated, seated.SeatId(0), seated.SeatId(1));

        Assert.Equal(HttpStatusCode.Created, picked.StatusCode);
        var ticket = (await picked.BodyAsync()).GetProperty("ticket");
        Assert.Equal(2, ticket.GetProperty("quantity").GetInt32());
        Assert.Equal(60m, ticket.GetProperty("price").GetDecimal());
        Assert.Equal(["Stalls · Row A · Seat 1", "Stalls · Row A · Seat 2"], ticket.GetProperty("seats").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("Held", await portal.Anonymous().SeatStatusAsync(seated.Sale.EventId, seated.SeatId(0)));

        var id = ticket.GetProperty("id").GetString()!;
        var payment = await buyer.StartCheckoutAsync(id);
        Assert.Equal(HttpStatusCode.Redirect, (await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!)).StatusCode);
        var paid = await buyer.WaitForStatusAsync(id, "Paid");
        Assert.Equal(2, paid.GetProperty("seats").GetArrayLength());
        Assert.Equal("Sold", await portal.Anonymous().SeatStatusAsync(seated.Sale.EventId, seated.SeatId(0)));
        Assert.Equal("Sold", await portal.Anonymous().SeatStatusAsync(seated.Sale.EventId, seated.SeatId(1)));
        Assert.Equal("Available", await portal.Anonymous().SeatStatusAsync(seated.Sale.EventId, seated.SeatId(2)));
    }

    [Fact]
    public async Task ManyBuyersRacingForOneSeat_ExactlyOneGetsIt_TheOthersAreToldAtOnce()
    {
        var seated = await portal.SeatedEventAsync();
        var buyers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => portal.NewUserClientAsync()));

        var answers = await Task.WhenAll(buyers.Select(b => b.PickAsync(seated, seated.SeatId(3))));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        var refused = answers.Where(a => a.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(11, refused.Count);
        Assert.All(refused, a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.Contains("Row A · Seat 4", (await refused[0].BodyAsync()).GetProperty("detail").GetString());
        Assert.Equal("Held", await portal.Anonymous().SeatStatusAsync(seated.Sale.EventId, seated.SeatId(3)));
        Assert.Equal(1, await portal.ReservedAsync(seated.Sale.EventId));
    }

    [Fact]
    public async Task ExpiryCancelAndRefund_GiveTheSeatsBack()
    {
        var seated = await portal.SeatedEventAsync();
        var buyer = await portal.NewUserClientAsync();

        // Expiry: the hold lapses and the job runs.
        var lapsing = (await (await buyer.PickAsync(seated, seated.SeatId(0))).BodyAsync()).GetProperty("ticket").GetProperty("id").GetString()!;
        await portal.WithDbAsync(db => db.Tickets.Where(t => t.Id == Guid.Parse(lapsing))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.HoldExpiresAt, DateTime.UtcNow.AddSeconds(-1))));
        await using (var scope = portal.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<HoldExpiry>().ExpireLapsedHoldsAsync();
        Assert.Equal("Expired", (await buyer.TicketAsync(lapsing)).GetProperty("status").GetString());
        Assert.Equal("Available", await portal.Anonymous().SeatStatusAsync(seated.Sale.EventId, seated.SeatId(0)));

        // Cancel by the holder.
        var cancelled = (await (await buyer.PickAsync(seated, seated.SeatId(0))).BodyAsync()).GetProperty("ticket").GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await buyer.DeleteAsync($"/api/v1/tickets/{cancelled}")).StatusCode);
        Assert.Equal("Available", await portal.Anonymous().SeatStatusAsync(seated.Sale.EventId, seated.SeatId(0)));

        // Refund by the organizer.
        var refunded = (await (await buyer.PickAsync(seated, seated.SeatId(0))).BodyAsync()).GetProperty("ticket").GetProperty("id").GetString()!;
        var payment = await buyer.StartCheckoutAsync(refunded);
        await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!);
        await buyer.WaitForStatusAsync(refunded, "Paid");
        Assert.Equal(HttpStatusCode.OK, (await seated.Sale.Organizer.PostAsync($"/api/v1/tickets/{refunded}/refund", null)).StatusCode);
        Assert.Equal("Available", await portal.Anonymous().SeatStatusAsync(seated.Sale.EventId, seated.SeatId(0)));
        Assert.Equal(0, await portal.ReservedAsync(seated.Sale.EventId));

        // The seat sells again.
        var again = await (await portal.NewUserClientAsync()).PickAsync(seated, seated.SeatId(0));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task BuyingByQuantity_OnASeatedEvent_GetsTheBestSeatsTogether()
    {
        var seated = await portal.SeatedEventAsync(rows: "A-B", perRow: 3);
        var first = await portal.NewUserClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await first.PickAsync(seated, seated.SeatId(0))).StatusCode);

        var response = await (await portal.NewUserClientAsync()).PostAsJsonAsync("/api/v1/tickets",
            new { eventId = seated.Sale.EventId, priceTierId = seated.Sale.TierIds[0], quantity = 3 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // Row A has only two seats left, so the three sit together in row B.
        Assert.Equal(["Stalls · Row B · Seat 1", "Stalls · Row B · Seat 2", "Stalls · Row B · Seat 3"],
            (await response.BodyAsync()).GetProperty("ticket").GetProperty("seats").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task PickingASeatOfAnotherEvent_IsAClearError()
    {
        var seated = await portal.SeatedEventAsync();
        var other = await portal.SeatedEventAsync();
        var response = await (await portal.NewUserClientAsync()).PickAsync(seated, other.SeatId(0));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.BodyAsync()).GetProperty("errors").TryGetProperty("seatIds", out _));
    }

    [Fact]
    public async Task ImportSeatMap_FromCsv_RunsAsAnOperation_AndLaysOutTheSeats()
    {
        var sale = await portal.PublishedEventAsync(tiers: 2);
        const string csv = "section,row,seat,tier\nStalls,A,1,Tier 0\nStalls,A,2,Tier 0\n\"Box, left\",1,1,Tier 1\n";

        var response = await sale.Organizer.PostAsync($"/api/v1/events/{sale.EventId}/seat-map/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var op = await sale.Organizer.WaitForOperationAsync(response.Headers.Location!.ToString(), "Completed");
        Assert.Equal("ImportSeatMap", op.GetProperty("operation").GetString());
        var seats = (await sale.Organizer.SeatMapAsync(sale.EventId)).GetProperty("seats").EnumerateArray().ToList();
        Assert.Equal(["Stalls · Row A · Seat 1", "Stalls · Row A · Seat 2", "Box, left · Row 1 · Seat 1"], seats.Select(s => s.GetProperty("label").GetString()));
        Assert.Equal(sale.TierIds[1], seats[2].GetProperty("priceTierId").GetString());
    }

    [Fact]
    public async Task ImportSeatMap_BadLines_FailWithOneValidationResultPerLine_AndChangeNothing()
    {
        var seated = await portal.SeatedEventAsync(rows: "A", perRow: 3);
        const string csv = "section,row,seat\nStalls,A,1\nStalls,A,one\nStalls,A,1\n";

        var response = await seated.Sale.Organizer.PostAsync($"/api/v1/events/{seated.Sale.EventId}/seat-map/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));

        var op = await seated.Sale.Organizer.WaitForOperationAsync(response.Headers.Location!.ToString(), "Failure");
        var results = op.GetProperty("details").GetProperty("Extensions").GetProperty("ValidationResults").EnumerateArray()
            .Select(r => r.GetProperty("ErrorMessage").GetString()).ToList();
        Assert.Equal(["Line 3: seat must be a number from 1 to 9999, not 'one'.", "Line 4: Stalls row A seat 1 is listed twice."], results);
        Assert.Equal(seated.Tokens, (await seated.Sale.Organizer.SeatMapAsync(seated.Sale.EventId)).GetProperty("seats").EnumerateArray().Select(s => s.GetProperty("token").GetString()));

        var stranger = await portal.NewUserClientAsync(Roles.Organizer);
        var refused = await stranger.PostAsync($"/api/v1/events/{seated.Sale.EventId}/seat-map/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task SeatChanges_ArePublishedOnTheHub_ToTheOrganizer_WithoutTokens()
    {
        var seated = await portal.SeatedEventAsync();
        await using var hub = await HubClient.ConnectAsync(portal, seated.Sale.Organizer);
        await hub.SubscribeAsync("tickatme-ticket-service-seat-updated", eventId: Guid.Parse(seated.Sale.EventId));

        await (await portal.NewUserClientAsync()).PickAsync(seated, seated.SeatId(0));
        var held = await hub.WaitForAsync(e => e.EntityId == Guid.Parse(seated.SeatId(0)));
        Assert.Equal("Available", held.Payload.GetProperty("old_seat").GetProperty("status").GetString());
        Assert.Equal("Held", held.Payload.GetProperty("seat").GetProperty("status").GetString());
        Assert.False(held.Payload.GetProperty("seat").TryGetProperty("token", out _));

        await portal.SendLockAsync(await seated.Sale.Organizer.ApplicationAsync(), "lock", [seated.Tokens[1]]);
        var locked = await hub.WaitForAsync(e => e.EntityId == Guid.Parse(seated.SeatId(1)));
        Assert.True(locked.Payload.GetProperty("seat").GetProperty("isLocked").GetBoolean());
    }

    [Fact]
    public async Task ALatePayment_TakesTheSameSeatsAgain_OrIsRefundedWhenSomeoneHasThem()
    {
        var seated = await portal.SeatedEventAsync();
        var lucky = await LateCheckoutAsync(seated, 0);
        var unlucky = await LateCheckoutAsync(seated, 1);
        Assert.Equal(HttpStatusCode.Created, (await (await portal.NewUserClientAsync()).PickAsync(seated, seated.SeatId(1))).StatusCode);

        await Buying.PayOnSandboxAsync(lucky.RedirectUrl);
        await Buying.PayOnSandboxAsync(unlucky.RedirectUrl);

        var paid = await lucky.Buyer.WaitForStatusAsync(lucky.TicketId, "Paid");
        Assert.Equal(["Stalls · Row A · Seat 1"], paid.GetProperty("seats").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("Sold", await portal.Anonymous().SeatStatusAsync(seated.Sale.EventId, seated.SeatId(0)));
        await unlucky.Buyer.WaitForStatusAsync(unlucky.TicketId, "Refunded");
        Assert.Equal("Held", await portal.Anonymous().SeatStatusAsync(seated.Sale.EventId, seated.SeatId(1)));
        Assert.Equal(2, await portal.ReservedAsync(seated.Sale.EventId));
    }

    [Fact]
    public async Task ComplimentaryTickets_OnASeatedEvent_GetSeats()
    {
        var seated = await portal.SeatedEventAsync(rows: "A", perRow: 4);
        var response = await seated.Sale.Organizer.PostAsJsonAsync($"/api/v1/events/{seated.Sale.EventId}/complimentary-tickets",
            new { emails = new[] { $"guest-{Guid.NewGuid():N}@test.local" }, quantity = 2 });
        await seated.Sale.Organizer.WaitForOperationAsync(response.Headers.Location!.ToString(), "Completed");

        var statuses = (await portal.Anonymous().SeatMapAsync(seated.Sale.EventId)).GetProperty("seats").EnumerateArray()
            .Select(x => x.GetProperty("status").GetString()).ToList();
        Assert.Equal(["Sold", "Sold", "Available", "Available"], statuses);
    }

    private sealed record LateCheckout(HttpClient Buyer, string TicketId, string RedirectUrl);

    /// <summary>A checkout whose hold expired while the card page stayed payable: the ticket is Expired, its seat free.</summary>
    private async Task<LateCheckout> LateCheckoutAsync(Seating.Seated seated, int seat)
    {
        var buyer = await portal.NewUserClientAsync();
        var id = (await (await buyer.PickAsync(seated, seated.SeatId(seat))).BodyAsync()).GetProperty("ticket").GetProperty("id").GetString()!;
        var payment = await buyer.StartCheckoutAsync(id);
        await portal.WithDbAsync(async db =>
        {
            var ticketId = Guid.Parse(id);
            await db.Tickets.Where(t => t.Id == ticketId).ExecuteUpdateAsync(x => x
                .SetProperty(t => t.Status, TicketStatus.Expired).SetProperty(t => t.RecordVersion, t => t.RecordVersion + 1));
            await db.Events.Where(e => e.Id == Guid.Parse(seated.Sale.EventId)).ExecuteUpdateAsync(x => x.SetProperty(e => e.Reserved, e => e.Reserved - 1));
            await db.Seats.Where(x => x.TicketId == ticketId).ExecuteUpdateAsync(x => x
                .SetProperty(s => s.Status, TicketPortal.Domain.Seats.SeatStatus.Available).SetProperty(s => s.TicketId, (Guid?)null));
        });
        return new LateCheckout(buyer, id, payment.GetProperty("redirectUrl").GetString()!);
    }
}
