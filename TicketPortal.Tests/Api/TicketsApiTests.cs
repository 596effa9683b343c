using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Tickets;
using TicketPortal.StripeSandbox;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

[Collection(PortalCollection.Name)]
public sealed class TicketsApiTests(PortalFactory portal)
{
    [Fact]
    public async Task Create_HoldsPlaces_ForTenMinutes_InTheSeedEnvelope()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10, price: 15m);
        var buyer = await portal.NewUserClientAsync();

        var response = await buyer.HoldAsync(sale, quantity: 3);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal("ticket", body.GetProperty("dataName").GetString());
        Assert.Equal("create", body.GetProperty("action").GetString());
        var ticket = body.GetProperty("ticket");
        Assert.Equal("Reserved", ticket.GetProperty("status").GetString());
        Assert.Equal(45m, ticket.GetProperty("price").GetDecimal());
        Assert.Equal(3, ticket.GetProperty("quantity").GetInt32());
        Assert.Equal(ticket.GetProperty("userId").GetString(), ticket.GetProperty("_owner").GetString());
        Assert.True(ticket.GetProperty("isActive").GetBoolean());
        var hold = ticket.GetProperty("holdExpiresAt").GetDateTime() - DateTime.UtcNow;
        Assert.InRange(hold.TotalMinutes, 9, 10.1);
        Assert.Equal(3, await portal.ReservedAsync(sale.EventId));
    }

    [Fact]
    public async Task Create_WithBadInput_ReturnsProblemsNamingTheField()
    {
        var sale = await portal.PublishedEventAsync(tiers: 2);
        var buyer = await portal.NewUserClientAsync();

        var zero = await buyer.PostAsJsonAsync("/api/v1/tickets", new { eventId = sale.EventId, priceTierId = sale.TierIds[0], quantity = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.True((await zero.BodyAsync()).GetProperty("errors").TryGetProperty("quantity", out _));

        var noTier = await buyer.PostAsJsonAsync("/api/v1/tickets", new { eventId = sale.EventId, quantity = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, noTier.StatusCode);
        Assert.True((await noTier.BodyAsync()).GetProperty("errors").TryGetProperty("priceTierId", out _));

        var unknown = await buyer.PostAsJsonAsync("/api/v1/tickets", new { eventId = Guid.NewGuid(), quantity = 1 });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var anonymous = await portal.Anonymous().PostAsJsonAsync("/api/v1/tickets", new { eventId = sale.EventId, quantity = 1 });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Create_ForAnUnpublishedEvent_Returns404_AndForACancelledOne409()
    {
        var sale = await portal.PublishedEventAsync();
        var buyer = await portal.NewUserClientAsync();
        await sale.Organizer.PostAsync($"/api/v1/events/{sale.EventId}/unpublish", null);
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.HoldAsync(sale)).StatusCode);

        await sale.Organizer.CancelEventAsync(sale.EventId);
        var response = await buyer.HoldAsync(sale);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("not on sale", (await response.BodyAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task StartCheckout_AfterTheEventWasCancelled_Is409()
    {
        var sale = await portal.PublishedEventAsync();
        var buyer = await portal.NewUserClientAsync();
        var ticketId = await buyer.HeldTicketAsync(sale);
        await sale.Organizer.CancelEventAsync(sale.EventId);

        var response = await buyer.PostAsync($"/api/v1/tickets/{ticketId}/start-checkout", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("cancelled", (await response.BodyAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PaymentForACancelledEvent_IsRefundedAtOnce_AndThePlacesReturn()
    {
        var (sale, buyer, ticketId, payment) = await portal.CheckoutStartedAsync(capacity: 3, quantity: 2);
        await sale.Organizer.PostAsync($"/api/v1/events/{sale.EventId}/cancel", null);

        // The buyer was already on the card page and pays anyway.
        await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!);

        var ticket = await buyer.WaitForStatusAsync(ticketId, "Refunded");
        Assert.Contains("cancelled", ticket.GetProperty("statusReason").GetString());
        Assert.Equal(0, await portal.ReservedAsync(sale.EventId));
        var record = await buyer.SettledPaymentAsync(ticketId);
        Assert.Equal("refunded", record.GetProperty("statusLiteral").GetString());
        var intent = record.GetProperty("paymentIntentId").GetString();
        Assert.Single(portal.Services.GetRequiredService<SandboxStore>().Refunds.Values, r => r.PaymentIntent == intent);
    }

    [Fact]
    public async Task StartCheckout_WithAnUnreadableBody_Is400()
    {
        var sale = await portal.PublishedEventAsync();
        var buyer = await portal.NewUserClientAsync();
        var ticketId = await buyer.HeldTicketAsync(sale);

        var response = await buyer.PostAsync($"/api/v1/tickets/{ticketId}/start-checkout",
            new StringContent("""{"successUrl": 42}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.BodyAsync()).GetProperty("errors").TryGetProperty("successUrl", out _));
    }

    [Fact]
    public async Task SandboxApi_RefusesAnyKeyButTheApps()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/stripe-sandbox/v1/refunds")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["payment_intent"] = "pi_x" }),
        };
        request.Headers.Add("Authorization", "Bearer sk_test_guess");

        var response = await portal.Anonymous().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ParallelBuyers_NeverOversell_ExactlyCapacitySucceed_RestGet409SoldOut()
    {
        var sale = await portal.PublishedEventAsync(capacity: 50);
        var buyers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => portal.NewUserClientAsync()));
        using var start = new SemaphoreSlim(0);

        var attempts = Enumerable.Range(0, 200).Select(async i =>
        {
            await start.WaitAsync();
            return await buyers[i % buyers.Length].HoldAsync(sale);
        }).ToList();
        start.Release(200);
        var responses = await Task.WhenAll(attempts);

        Assert.Equal(50, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(150, refused.Count);
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var problem = await refused[0].BodyAsync();
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Contains("Sold out", problem.GetProperty("detail").GetString());

        Assert.Equal(50, await portal.ReservedAsync(sale.EventId));
        await portal.WithDbAsync(async db =>
            Assert.Equal(50, await db.Tickets.CountAsync(t => t.EventId == Guid.Parse(sale.EventId))));
    }

    [Fact]
    public async Task AnotherUsersTicket_Is404_ForEveryRoute_AndNeverLeaks()
    {
        var sale = await portal.PublishedEventAsync();
        var owner = await portal.NewUserClientAsync();
        var ticketId = await owner.HeldTicketAsync(sale);
        var stranger = await portal.NewUserClientAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/tickets/{ticketId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/v1/tickets/{ticketId}")).StatusCode);
        foreach (var action in new[] { "start-checkout", "complete-checkout", "refresh-checkout", "refund" })
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/v1/tickets/{ticketId}/{action}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/ticket-payments/by-order/{ticketId}")).StatusCode);

        var list = await (await stranger.GetAsync("/api/v1/tickets")).BodyAsync();
        Assert.Equal(0, list.GetProperty("rowCount").GetInt32());
        Assert.Equal("Reserved", (await owner.TicketAsync(ticketId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task List_ReturnsOnlyTheCallersTickets_Paged()
    {
        var sale = await portal.PublishedEventAsync();
        var buyer = await portal.NewUserClientAsync();
        for (var i = 0; i < 3; i++)
            await buyer.HeldTicketAsync(sale);

        var body = await (await buyer.GetAsync("/api/v1/tickets?pageSize=2")).BodyAsync();

        Assert.Equal("tickets", body.GetProperty("dataName").GetString());
        Assert.Equal("getList", body.GetProperty("action").GetString());
        Assert.Equal(2, body.GetProperty("rowCount").GetInt32());
        Assert.Equal(3, body.GetProperty("paging").GetProperty("totalCount").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await buyer.GetAsync("/api/v1/tickets?pageSize=0")).StatusCode);
    }

    [Fact]
    public async Task Checkout_WithTheGoodCard_PaysTheTicket_AndRecordsPaymentCustomerAndCard()
    {
        var sale = await portal.PublishedEventAsync(price: 30m);
        var buyer = await portal.NewUserClientAsync();
        var ticketId = await buyer.HeldTicketAsync(sale, quantity: 2);

        var payment = await buyer.StartCheckoutAsync(ticketId);
        Assert.StartsWith("cs_test_", payment.GetProperty("paymentId").GetString());
        Assert.Equal("open", payment.GetProperty("paymentStatus").GetString());
        Assert.Equal(60m, payment.GetProperty("amount").GetDecimal());
        Assert.Equal("CheckoutStarted", (await buyer.TicketAsync(ticketId)).GetProperty("status").GetString());

        // A second click goes to the same session: one payment, no second charge possible.
        var again = await buyer.StartCheckoutAsync(ticketId);
        Assert.Equal(payment.GetProperty("paymentId").GetString(), again.GetProperty("paymentId").GetString());

        var paid = await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.Contains($"/tickets/{ticketId}?checkout=success&session_id={payment.GetProperty("paymentId").GetString()}", paid.Headers.Location!.ToString());

        var completed = await buyer.PostAsync($"/api/v1/tickets/{ticketId}/complete-checkout", null);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var body = await completed.BodyAsync();
        Assert.Equal("Paid", body.GetProperty("ticket").GetProperty("status").GetString());
        Assert.Equal("paid", body.GetProperty("ticketPayment").GetProperty("statusLiteral").GetString());
        Assert.Equal("complete", body.GetProperty("ticketPayment").GetProperty("paymentStatus").GetString());
        Assert.Equal(2, await portal.ReservedAsync(sale.EventId));

        var methods = await (await buyer.GetAsync("/api/v1/payment-methods")).BodyAsync();
        Assert.Equal("paymentMethods", methods.GetProperty("dataName").GetString());
        var card = methods.GetProperty("paymentMethods")[0].GetProperty("cardInfo");
        Assert.Equal("visa", card.GetProperty("brand").GetString());
        Assert.Equal("4242", card.GetProperty("last4").GetString());
        Assert.DoesNotContain("4242424242424242", methods.ToString());

        var customers = await (await buyer.GetAsync("/api/v1/payment-customers")).BodyAsync();
        var customer = Assert.Single(customers.GetProperty("paymentCustomers").EnumerateArray());
        Assert.StartsWith("cus_", customer.GetProperty("customerId").GetString());
        Assert.Equal("stripe", customer.GetProperty("platform").GetString());
        var one = await buyer.GetAsync($"/api/v1/payment-customers/{customer.GetProperty("id").GetString()}");
        Assert.Equal("paymentCustomer", (await one.BodyAsync()).GetProperty("dataName").GetString());
    }

    [Fact]
    public async Task Checkout_WithTheDeclinedCard_ShowsTheDecline_AndLeavesTheTicketUnpaid()
    {
        var (sale, buyer, ticketId, payment) = await portal.CheckoutStartedAsync();

        var declined = await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!, Buying.DeclinedCard);

        Assert.Equal(HttpStatusCode.PaymentRequired, declined.StatusCode);
        Assert.Contains("Your card was declined.", await declined.Content.ReadAsStringAsync());
        var refreshed = await (await buyer.PostAsync($"/api/v1/tickets/{ticketId}/refresh-checkout", null)).BodyAsync();
        Assert.Equal("CheckoutStarted", refreshed.GetProperty("ticket").GetProperty("status").GetString());
        Assert.Equal("unpaid", refreshed.GetProperty("ticketPayment").GetProperty("statusLiteral").GetString());
    }

    [Fact]
    public async Task Webhook_PaysTheTicket_WithoutTheBrowserComingBack()
    {
        var (sale, buyer, ticketId, payment) = await portal.CheckoutStartedAsync();

        await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!);

        // Nobody calls complete-checkout: the signed checkout.session.completed webhook does it.
        await buyer.WaitForStatusAsync(ticketId, "Paid");
    }

    [Fact]
    public async Task Webhook_WithABadSignature_Gets400_AndChangesNothing()
    {
        var sale = await portal.PublishedEventAsync();
        var buyer = await portal.NewUserClientAsync();
        var ticketId = await buyer.HeldTicketAsync(sale);
        var sessionId = (await buyer.StartCheckoutAsync(ticketId)).GetProperty("paymentId").GetString()!;
        var payload = CompletedEvent(sessionId, "evt_forged");

        var forged = await PostWebhookAsync(payload, SandboxWebhooks.Sign(payload, "whsec_wrong", DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var unsigned = await PostWebhookAsync(payload, null);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
        Assert.Equal("CheckoutStarted", (await buyer.TicketAsync(ticketId)).GetProperty("status").GetString());
        await portal.WithDbAsync(async db => Assert.False(await db.ProcessedWebhooks.AnyAsync(w => w.Id == "evt_forged")));
    }

    [Fact]
    public async Task Webhook_DeliveredTwice_IsHandledOnce()
    {
        var (sale, buyer, ticketId, payment) = await portal.CheckoutStartedAsync();
        await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!);
        var paid = await buyer.WaitForStatusAsync(ticketId, "Paid");
        var payload = CompletedEvent(payment.GetProperty("paymentId").GetString()!, $"evt_dup_{Guid.NewGuid():N}");

        var first = await PostWebhookAsync(payload, Sign(payload));
        var second = await PostWebhookAsync(payload, Sign(payload));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False((await first.BodyAsync()).GetProperty("duplicate").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True((await second.BodyAsync()).GetProperty("duplicate").GetBoolean());
        var after = await buyer.TicketAsync(ticketId);
        Assert.Equal("Paid", after.GetProperty("status").GetString());
        Assert.Equal(paid.GetProperty("recordVersion").GetInt32(), after.GetProperty("recordVersion").GetInt32());
        Assert.Equal(1, await portal.ReservedAsync(sale.EventId));
    }

    [Fact]
    public async Task PaymentAfterTheHoldExpired_RetakesThePlaces_WhenStillFree()
    {
        var (sale, buyer, ticketId, payment) = await portal.CheckoutStartedAsync(capacity: 5, quantity: 2);
        await ExpireBehindStripesBackAsync(ticketId, sale.EventId);
        Assert.Equal(0, await portal.ReservedAsync(sale.EventId));

        await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!);

        var ticket = await buyer.WaitForStatusAsync(ticketId, "Paid");
        Assert.Contains("still available", ticket.GetProperty("statusReason").GetString());
        Assert.Equal(2, await portal.ReservedAsync(sale.EventId));
    }

    [Fact]
    public async Task PaymentAfterTheHoldExpired_IsRefundedAtOnce_WhenTheEventSoldOutMeanwhile()
    {
        var (sale, late, ticketId, payment) = await portal.CheckoutStartedAsync(capacity: 2, quantity: 2);
        await ExpireBehindStripesBackAsync(ticketId, sale.EventId);
        var other = await portal.NewUserClientAsync();
        await other.HeldTicketAsync(sale, quantity: 2);

        await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!);

        var ticket = await late.WaitForStatusAsync(ticketId, "Refunded");
        Assert.Contains("refunded in full", ticket.GetProperty("statusReason").GetString());
        var record = await late.SettledPaymentAsync(ticketId);
        Assert.Equal("refunded", record.GetProperty("statusLiteral").GetString());
        Assert.StartsWith("re_", record.GetProperty("refundId").GetString());
        Assert.Equal(2, await portal.ReservedAsync(sale.EventId));
    }

    [Fact]
    public async Task Cancel_UnpaidTicket_ReleasesThePlaces_ExpiresTheSession_AndSoftDeletes()
    {
        var (sale, buyer, ticketId, payment) = await portal.CheckoutStartedAsync(capacity: 3, quantity: 3);

        var response = await buyer.DeleteAsync($"/api/v1/tickets/{ticketId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal("delete", body.GetProperty("action").GetString());
        Assert.Equal("Cancelled", body.GetProperty("ticket").GetProperty("status").GetString());
        Assert.False(body.GetProperty("ticket").GetProperty("isActive").GetBoolean());
        Assert.Equal(0, await portal.ReservedAsync(sale.EventId));
        var page = await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!);
        Assert.Contains("This checkout has expired", await page.Content.ReadAsStringAsync());
        Assert.Equal(0, (await (await buyer.GetAsync("/api/v1/tickets")).BodyAsync()).GetProperty("rowCount").GetInt32());
        Assert.Equal(1, (await (await buyer.GetAsync("/api/v1/tickets?includeInactive=true")).BodyAsync()).GetProperty("rowCount").GetInt32());
    }

    [Fact]
    public async Task Refund_ByTheOrganizer_RefundsThroughStripe_AndReturnsThePlaces()
    {
        var sale = await portal.PublishedEventAsync(capacity: 4);
        var buyer = await portal.NewUserClientAsync();
        var ticketId = await buyer.HeldTicketAsync(sale, quantity: 2);
        await Buying.PayOnSandboxAsync((await buyer.StartCheckoutAsync(ticketId)).GetProperty("redirectUrl").GetString()!);
        await buyer.WaitForStatusAsync(ticketId, "Paid");

        Assert.Equal(HttpStatusCode.Conflict, (await buyer.DeleteAsync($"/api/v1/tickets/{ticketId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.PostAsync($"/api/v1/tickets/{ticketId}/refund", null)).StatusCode);
        var otherOrganizer = await portal.NewUserClientAsync(Roles.Organizer);
        Assert.Equal(HttpStatusCode.NotFound, (await otherOrganizer.PostAsync($"/api/v1/tickets/{ticketId}/refund", null)).StatusCode);

        var refunded = await sale.Organizer.PostAsync($"/api/v1/tickets/{ticketId}/refund", null);
        var again = await sale.Organizer.PostAsync($"/api/v1/tickets/{ticketId}/refund", null);

        Assert.Equal(HttpStatusCode.OK, refunded.StatusCode);
        var body = await refunded.BodyAsync();
        Assert.Equal("Refunded", body.GetProperty("ticket").GetProperty("status").GetString());
        Assert.Equal("refunded", body.GetProperty("ticketPayment").GetProperty("statusLiteral").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(0, await portal.ReservedAsync(sale.EventId));
        var store = portal.Services.GetRequiredService<SandboxStore>();
        var intent = body.GetProperty("ticketPayment").GetProperty("paymentIntentId").GetString()!;
        Assert.Single(store.Refunds.Values, r => r.PaymentIntent == intent);
    }

    [Fact]
    public async Task ExpireJob_ExpiresLapsedHolds_ReleasesPlaces_AndClosesTheCardPage()
    {
        var (sale, buyer, ticketId, payment) = await portal.CheckoutStartedAsync(capacity: 2, quantity: 2);
        await LapseHoldsAsync(t => t.Id == Guid.Parse(ticketId));

        await RunExpireJobAsync();

        Assert.Equal("Expired", (await buyer.TicketAsync(ticketId)).GetProperty("status").GetString());
        Assert.Equal(0, await portal.ReservedAsync(sale.EventId));
        var page = await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!);
        Assert.Contains("This checkout has expired", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await buyer.PostAsync($"/api/v1/tickets/{ticketId}/start-checkout", null)).StatusCode);
    }

    [Fact]
    public async Task ExpireJob_RunningOnTwoServersAtOnce_ReleasesEachHoldOnce()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var buyer = await portal.NewUserClientAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = await buyer.HeldTicketAsync(sale, quantity: 2);
            ids.Add(id);
            if (i == 0)
                await buyer.StartCheckoutAsync(id);
        }
        await LapseHoldsAsync(t => t.EventId == Guid.Parse(sale.EventId));

        // Two job runs, each with its own DbContext, as two Hangfire servers would have.
        await Task.WhenAll(RunExpireJobAsync(), RunExpireJobAsync());

        Assert.Equal(0, await portal.ReservedAsync(sale.EventId));
        foreach (var id in ids)
            Assert.Equal("Expired", (await buyer.TicketAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ExpireJob_ReleasesAHold_WhoseSessionTheProviderNoLongerKnows()
    {
        var (sale, buyer, ticketId, payment) = await portal.CheckoutStartedAsync(capacity: 2, quantity: 2);
        var sessionId = payment.GetProperty("paymentId").GetString()!;
        // The sandbox keeps sessions in memory: after a restart they are gone.
        portal.Services.GetRequiredService<SandboxStore>().Sessions.TryRemove(sessionId, out _);
        await LapseHoldsAsync(t => t.Id == Guid.Parse(ticketId));

        await RunExpireJobAsync();

        Assert.Equal("Expired", (await buyer.TicketAsync(ticketId)).GetProperty("status").GetString());
        Assert.Equal(0, await portal.ReservedAsync(sale.EventId));
    }

    [Fact]
    public async Task EventTickets_AreListedForTheirOrganizerOnly()
    {
        var sale = await portal.PublishedEventAsync();
        var buyer = await portal.NewUserClientAsync();
        await buyer.HeldTicketAsync(sale);

        var own = await (await sale.Organizer.GetAsync($"/api/v1/events/{sale.EventId}/tickets")).BodyAsync();
        Assert.Equal(1, own.GetProperty("rowCount").GetInt32());
        var other = await portal.NewUserClientAsync(Roles.Organizer);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/v1/events/{sale.EventId}/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.GetAsync($"/api/v1/events/{sale.EventId}/tickets")).StatusCode);
    }

    private Task LapseHoldsAsync(System.Linq.Expressions.Expression<Func<Ticket, bool>> which) =>
        portal.WithDbAsync(db => db.Tickets.Where(which)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.HoldExpiresAt, DateTime.UtcNow.AddSeconds(-1))));

    /// <summary>One run of the hold-expiry job, in its own scope as Hangfire runs it.</summary>
    private async Task RunExpireJobAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<HoldExpiry>().ExpireLapsedHoldsAsync();
    }

    /// <summary>As if the hold job had run while Stripe still took the card: the ticket expired and its
    /// places went back, but the session stayed payable.</summary>
    private Task ExpireBehindStripesBackAsync(string ticketId, string eventId) =>
        portal.WithDbAsync(async db =>
        {
            var id = Guid.Parse(ticketId);
            var quantity = await db.Tickets.Where(t => t.Id == id).Select(t => t.Quantity).SingleAsync();
            await db.Tickets.Where(t => t.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.Status, TicketStatus.Expired)
                .SetProperty(t => t.RecordVersion, t => t.RecordVersion + 1));
            await db.Events.Where(e => e.Id == Guid.Parse(eventId)).ExecuteUpdateAsync(s => s.SetProperty(e => e.Reserved, e => e.Reserved - quantity));
        });

    private string CompletedEvent(string sessionId, string eventId)
    {
        var store = portal.Services.GetRequiredService<SandboxStore>();
        return System.Text.Json.JsonSerializer.Serialize(SandboxJson.Event(eventId, "checkout.session.completed",
            SandboxJson.Session(store.Session(sessionId)!, store, SandboxJson.NoExpand), store.Now));
    }

    private static string Sign(string payload) =>
        SandboxWebhooks.Sign(payload, PortalFactory.WebhookSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private async Task<HttpResponseMessage> PostWebhookAsync(string payload, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/stripe/webhook")
        {
            Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
            request.Headers.Add("Stripe-Signature", signature);
        return await portal.Anonymous().SendAsync(request);
    }
}
