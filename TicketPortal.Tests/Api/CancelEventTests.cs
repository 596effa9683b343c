using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Events;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>CancelEvent as an operation: the event is cancelled, holds end, paid tickets are refunded, and one
/// refund the provider refuses never stops the others.</summary>
[Collection(PortalCollection.Name)]
public sealed class CancelEventTests(PortalFactory portal)
{
    [Fact]
    public async Task CancelEvent_RefundsEveryPaidTicket_EndsEveryHold_AndReturnsThePlaces()
    {
        var (sale, payer, paidId, payment) = await portal.CheckoutStartedAsync(capacity: 20, quantity: 2);
        Assert.Equal(HttpStatusCode.Redirect, (await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!)).StatusCode);
        await payer.WaitForStatusAsync(paidId, "Paid");
        var inCheckout = await portal.NewUserClientAsync();
        var checkoutId = await inCheckout.HeldTicketAsync(sale);
        var checkoutPage = (await inCheckout.StartCheckoutAsync(checkoutId)).GetProperty("redirectUrl").GetString()!;
        var holder = await portal.NewUserClientAsync();
        var heldId = await holder.HeldTicketAsync(sale, 3);

        var response = await sale.Organizer.PostAsync($"/api/v1/events/{sale.EventId}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = (await response.BodyAsync()).GetProperty("operationTicket");
        Assert.Equal("CancelEvent", started.GetProperty("operation").GetString());
        Assert.Equal([paidId, checkoutId, heldId], started.GetProperty("objectIds").EnumerateArray().Select(e => e.GetString()!).ToArray());
        var done = await sale.Organizer.WaitForOperationAsync(response.Headers.Location!.ToString(), "Completed");
        Assert.Equal(3, done.GetProperty("progress").GetProperty("done").GetInt32());

        var refunded = await payer.TicketAsync(paidId);
        Assert.Equal("Refunded", refunded.GetProperty("status").GetString());
        Assert.Contains("event was cancelled", refunded.GetProperty("statusReason").GetString());
        Assert.Equal("refunded", (await payer.SettledPaymentAsync(paidId)).GetProperty("statusLiteral").GetString());
        Assert.Equal("Expired", (await inCheckout.TicketAsync(checkoutId)).GetProperty("status").GetString());
        Assert.Equal("Expired", (await holder.TicketAsync(heldId)).GetProperty("status").GetString());
        Assert.Equal(0, await portal.ReservedAsync(sale.EventId));
        // The card page closed before the places went back: nobody can pay for the cancelled event now.
        Assert.Equal(HttpStatusCode.OK, (await new HttpClient().GetAsync(checkoutPage)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await inCheckout.PostAsync($"/api/v1/tickets/{checkoutId}/start-checkout", null)).StatusCode);
    }

    [Fact]
    public async Task CancelEvent_OneRefundTheProviderRefuses_IsReported_AndTheOthersAreRefunded()
    {
        var (sale, first, failingId, p1) = await portal.CheckoutStartedAsync(capacity: 20);
        await Buying.PayOnSandboxAsync(p1.GetProperty("redirectUrl").GetString()!);
        await first.WaitForStatusAsync(failingId, "Paid");
        var second = await portal.NewUserClientAsync();
        var goodId = await second.HeldTicketAsync(sale);
        await Buying.PayOnSandboxAsync((await second.StartCheckoutAsync(goodId)).GetProperty("redirectUrl").GetString()!);
        await second.WaitForStatusAsync(goodId, "Paid");
        await portal.WithDbAsync(db => db.TicketPayments.Where(p => p.OrderId == Guid.Parse(failingId))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.PaymentIntentId, "pi_unknown_to_the_provider")));

        var done = await sale.Organizer.CancelEventAsync(sale.EventId);

        Assert.Equal("Refunded", (await second.TicketAsync(goodId)).GetProperty("status").GetString());
        Assert.Equal("refunded", (await second.SettledPaymentAsync(goodId)).GetProperty("statusLiteral").GetString());
        var note = Assert.Single(done.GetProperty("details").GetProperty("Extensions").GetProperty("ValidationResults").EnumerateArray());
        Assert.Contains(failingId, note.GetProperty("ErrorMessage").GetString());
        // Claimed and left to the refund job, which retries it with back-off: the record says so, not "refunded".
        var pending = (await (await first.GetAsync($"/api/v1/ticket-payments/by-order/{failingId}")).BodyAsync()).GetProperty("ticketPayment");
        Assert.Equal("refund_pending", pending.GetProperty("statusLiteral").GetString());
    }

    [Fact]
    public async Task CancelEvent_PublishesItsProgress_WhileItRuns()
    {
        var sale = await portal.PublishedEventAsync(capacity: 20);
        var holder = await portal.NewUserClientAsync();
        for (var i = 0; i < 3; i++)
            await holder.HeldTicketAsync(sale);
        await using var hub = await HubClient.ConnectAsync(portal, sale.Organizer);
        await hub.SubscribeAsync("tickatme-ticket-service-operationticket-updated");

        await sale.Organizer.CancelEventAsync(sale.EventId);

        var progress = await hub.WaitForAsync(e =>
            e.Payload.GetProperty("operationTicket").GetProperty("status").GetString() == "Pending"
            && e.Payload.GetProperty("operationTicket").GetProperty("progress").GetProperty("done").GetInt32() > 0);
        Assert.Equal(3, progress.Payload.GetProperty("operationTicket").GetProperty("progress").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task CancelEvent_ADisputedPayment_IsReportedAsNotRefunded()
    {
        var (sale, buyer, ticketId, payment) = await portal.CheckoutStartedAsync();
        await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!, "4000 0000 0000 0259");
        await buyer.WaitForStatusAsync(ticketId, "Paid");

        var done = await sale.Organizer.CancelEventAsync(sale.EventId);

        var note = Assert.Single(done.GetProperty("details").GetProperty("Extensions").GetProperty("ValidationResults").EnumerateArray());
        Assert.Contains("refund was refused", note.GetProperty("ErrorMessage").GetString());
        Assert.Equal("Cancelled", (await buyer.TicketAsync(ticketId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task CancellingAnEndedEvent_FailsValidation_AndLeavesItUntouched()
    {
        var sale = await portal.PublishedEventAsync();
        await portal.WithDbAsync(db => db.Events.Where(e => e.Id == Guid.Parse(sale.EventId))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EventStatus.Ended)));

        var failed = await sale.Organizer.CancelEventAsync(sale.EventId, expectedStatus: "Failure");

        Assert.Equal(400, failed.GetProperty("errorCode").GetInt32());
        var result = Assert.Single(failed.GetProperty("details").GetProperty("Extensions").GetProperty("ValidationResults").EnumerateArray());
        Assert.Equal("EventId", result.GetProperty("Member").GetString());
        Assert.Contains("ended", result.GetProperty("ErrorMessage").GetString());
        await portal.WithDbAsync(async db =>
            Assert.Equal(EventStatus.Ended, await db.Events.Where(e => e.Id == Guid.Parse(sale.EventId)).Select(e => e.Status).SingleAsync()));
    }

    [Fact]
    public async Task CancellingAnotherOrganizersEvent_IsForbidden_AndNoOperationStarts()
    {
        var sale = await portal.PublishedEventAsync();
        var other = await portal.NewUserClientAsync(Roles.Organizer);

        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync($"/api/v1/events/{sale.EventId}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/events/{Guid.NewGuid()}/cancel", null)).StatusCode);
        Assert.Equal(0, (await (await other.GetAsync("/api/v1/operation-tickets")).BodyAsync()).GetProperty("operationTickets").GetArrayLength());
    }
}

/// <summary>ExportAttendees: a CSV of the paid tickets, downloadable by the organizer who asked, nobody else.</summary>
[Collection(PortalCollection.Name)]
public sealed class ExportAttendeesTests(PortalFactory portal)
{
    [Fact]
    public async Task Export_ListsEveryPaidTicket_AndOnlyItsInitiatorMayDownloadIt()
    {
        var (sale, buyer, paidId, payment) = await portal.CheckoutStartedAsync(capacity: 20, quantity: 2);
        await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!);
        await buyer.WaitForStatusAsync(paidId, "Paid");
        var unpaid = await (await portal.NewUserClientAsync()).HeldTicketAsync(sale);
        var buyerEmail = (await (await buyer.GetAsync("/api/v1/auth/manage/info")).BodyAsync()).GetProperty("email").GetString()!;

        var response = await sale.Organizer.PostAsync($"/api/v1/events/{sale.EventId}/attendee-export", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var done = await sale.Organizer.WaitForOperationAsync(response.Headers.Location!.ToString(), "Completed");
        var download = done.GetProperty("additionalQueryParameter").GetString()!;
        Assert.Equal($"/api/v1/operation-tickets/{done.GetProperty("id").GetString()}/download", download);
        var file = await sale.Organizer.GetAsync(download);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/csv", file.Content.Headers.ContentType!.MediaType);
        var lines = (await file.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("ticketId,attendeeName,attendeeEmail", lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.Contains(paidId, row);
        Assert.Contains(buyerEmail, row);
        Assert.DoesNotContain(unpaid, string.Join('\n', lines));

        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync(download)).StatusCode);
    }

    [Fact]
    public async Task Export_EscapesNamesThatASpreadsheetWouldRunAsFormulas()
    {
        var (sale, buyer, paidId, payment) = await portal.CheckoutStartedAsync();
        await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!);
        await buyer.WaitForStatusAsync(paidId, "Paid");
        var email = (await (await buyer.GetAsync("/api/v1/auth/manage/info")).BodyAsync()).GetProperty("email").GetString();
        await portal.WithDbAsync(db => db.Users.Where(u => u.Email == email)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, "=HYPERLINK(\"http://evil.example\")")));

        var response = await sale.Organizer.PostAsync($"/api/v1/events/{sale.EventId}/attendee-export", null);
        var done = await sale.Organizer.WaitForOperationAsync(response.Headers.Location!.ToString(), "Completed");
        var csv = await (await sale.Organizer.GetAsync(done.GetProperty("additionalQueryParameter").GetString())).Content.ReadAsStringAsync();

        Assert.Contains("HYPERLINK", csv);
        Assert.DoesNotContain(",=HYPERLINK", csv);
        Assert.DoesNotContain(",\"=HYPERLINK", csv);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await portal.NewUserClientAsync(Roles.Organizer)).PostAsync($"/api/v1/events/{sale.EventId}/attendee-export", null)).StatusCode);
    }
}

/// <summary>IssueComplimentaryTickets: paid-at-zero tickets within capacity, accounts made for new addresses,
/// all or nothing.</summary>
[Collection(PortalCollection.Name)]
public sealed class ComplimentaryTicketsTests(PortalFactory portal)
{
    [Fact]
    public async Task Complimentaries_ArePaidAtZero_ForKnownAndNewAddresses()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var knownEmail = await portal.CreateUserAsync();
        var newEmail = $"guest-{Guid.NewGuid():N}@test.local";

        var response = await sale.Organizer.PostAsJsonAsync($"/api/v1/events/{sale.EventId}/complimentary-tickets",
            new { emails = new[] { knownEmail, newEmail }, quantity = 2 });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("IssueComplimentaryTickets", (await response.BodyAsync()).GetProperty("operationTicket").GetProperty("operation").GetString());
        await sale.Organizer.WaitForOperationAsync(response.Headers.Location!.ToString(), "Completed");
        Assert.Equal(4, await portal.ReservedAsync(sale.EventId));
        var known = await (await portal.SignedInAsync(knownEmail)).GetAsync("/api/v1/tickets");
        var ticket = Assert.Single((await known.BodyAsync()).GetProperty("tickets").EnumerateArray());
        Assert.Equal("Paid", ticket.GetProperty("status").GetString());
        Assert.Equal(0m, ticket.GetProperty("price").GetDecimal());
        Assert.Equal(2, ticket.GetProperty("quantity").GetInt32());
        await portal.WithDbAsync(async db =>
        {
            var guest = await db.Users.SingleAsync(u => u.Email == newEmail);
            Assert.True(await db.Tickets.AnyAsync(t => t.UserId == guest.Id && t.Status == Domain.Tickets.TicketStatus.Paid && t.Price == 0));
        });
    }

    [Fact]
    public async Task MorePlacesThanAreLeft_FailsValidation_AndIssuesNothing_NorMakesAccounts()
    {
        var sale = await portal.PublishedEventAsync(capacity: 3);
        var newEmail = $"guest-{Guid.NewGuid():N}@test.local";

        var response = await sale.Organizer.PostAsJsonAsync($"/api/v1/events/{sale.EventId}/complimentary-tickets",
            new { emails = new[] { newEmail, $"other-{Guid.NewGuid():N}@test.local" }, quantity = 2 });
        var failed = await sale.Organizer.WaitForOperationAsync(response.Headers.Location!.ToString(), "Failure");

        Assert.Equal(400, failed.GetProperty("errorCode").GetInt32());
        Assert.Contains("Only 3 places are left",
            failed.GetProperty("details").GetProperty("Extensions").GetProperty("ValidationResults")[0].GetProperty("ErrorMessage").GetString());
        Assert.Equal(0, await portal.ReservedAsync(sale.EventId));
        await portal.WithDbAsync(async db => Assert.False(await db.Users.AnyAsync(u => u.Email == newEmail)));
    }

    private static readonly string[] NotAnAddress = ["not an address"];

    [Fact]
    public async Task ABadAddress_Is400OnItsField()
    {
        var sale = await portal.PublishedEventAsync();
        var response = await sale.Organizer.PostAsJsonAsync($"/api/v1/events/{sale.EventId}/complimentary-tickets", new { emails = NotAnAddress });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.BodyAsync()).GetProperty("errors").TryGetProperty("emails[0]", out _));
    }
}
