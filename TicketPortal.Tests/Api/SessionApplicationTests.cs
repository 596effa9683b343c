using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.StripeSandbox;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>The session that was paid is the one applied, and a ticket is never paid for twice.</summary>
[Collection(PortalCollection.Name)]
public sealed class SessionApplicationTests(PortalFactory portal)
{
    [Fact]
    public async Task PayingAnOlderSession_PaysTheTicket_AndASecondPaidSessionIsRefundedAtOnce()
    {
        var (sale, buyer, ticketId, first) = await portal.CheckoutStartedAsync();
        var sessionA = first.GetProperty("paymentId").GetString()!;
        // The record of session A looks closed (a stale read, a webhook out of order), so a second checkout
        // from another page opens session B while A stays payable at the provider.
        await portal.WithDbAsync(db => db.TicketPayments.Where(p => p.PaymentId == sessionA)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.PaymentStatus, "expired")));
        var again = await buyer.PostAsJsonAsync($"/api/v1/tickets/{ticketId}/start-checkout",
            new { successUrl = "https://app.example/paid?session={CHECKOUT_SESSION_ID}", cancelUrl = "https://app.example/cancelled" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = (await again.BodyAsync()).GetProperty("ticketPayment");
        var sessionB = second.GetProperty("paymentId").GetString()!;
        Assert.NotEqual(sessionA, sessionB);

        // The buyer pays A: its webhook applies A, not the newest record (B, unpaid).
        Assert.Equal(HttpStatusCode.Redirect, (await Buying.PayOnSandboxAsync(first.GetProperty("redirectUrl").GetString()!)).StatusCode);
        await buyer.WaitForStatusAsync(ticketId, "Paid");
        Assert.Equal("paid", (await RecordAsync(buyer, sessionA)).GetProperty("statusLiteral").GetString());

        // …and then pays B too: that money goes straight back, and the ticket stays paid by A.
        Assert.Equal(HttpStatusCode.Redirect, (await Buying.PayOnSandboxAsync(second.GetProperty("redirectUrl").GetString()!)).StatusCode);
        var refunded = await WaitForLiteralAsync(buyer, sessionB, "refunded");
        Assert.StartsWith("re_", refunded.GetProperty("refundId").GetString());
        Assert.Equal("Paid", (await buyer.TicketAsync(ticketId)).GetProperty("status").GetString());
        var refunds = portal.Services.GetRequiredService<SandboxStore>().Refunds.Values;
        Assert.Single(refunds, r => r.PaymentIntent == refunded.GetProperty("paymentIntentId").GetString());
        var paidIntent = (await RecordAsync(buyer, sessionA)).GetProperty("paymentIntentId").GetString();
        Assert.DoesNotContain(refunds, r => r.PaymentIntent == paidIntent);

        // The organizer then refunds the ticket: the payment that paid it is refunded too, under its own key.
        Assert.Equal(HttpStatusCode.OK, (await sale.Organizer.PostAsync($"/api/v1/tickets/{ticketId}/refund", null)).StatusCode);
        Assert.Single(portal.Services.GetRequiredService<SandboxStore>().Refunds.Values, r => r.PaymentIntent == paidIntent);
    }

    [Fact]
    public async Task CompleteCheckout_NamingASessionOfAnotherTicket_IsNotFound()
    {
        var (_, buyer, ticketId, _) = await portal.CheckoutStartedAsync();
        var (_, _, _, otherPayment) = await portal.CheckoutStartedAsync();

        var response = await buyer.PostAsync(
            $"/api/v1/tickets/{ticketId}/complete-checkout?sessionId={otherPayment.GetProperty("paymentId").GetString()}", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<System.Text.Json.JsonElement> RecordAsync(HttpClient client, string sessionId) =>
        (await (await client.GetAsync($"/api/v1/ticket-payments/by-payment/{sessionId}")).BodyAsync()).GetProperty("ticketPayment");

    private static async Task<System.Text.Json.JsonElement> WaitForLiteralAsync(HttpClient client, string sessionId, string literal)
    {
        var record = await Eventually.ReadUntilAsync(() => RecordAsync(client, sessionId),
            r => r.GetProperty("statusLiteral").GetString() == literal, TimeSpan.FromSeconds(15));
        if (record.GetProperty("statusLiteral").GetString() != literal)
            Assert.Fail($"Payment {sessionId} stayed {record.GetProperty("statusLiteral").GetString()}, expected {literal}");
        return record;
    }
}
