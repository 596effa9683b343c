using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Tickets;
using TicketPortal.StripeSandbox;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>Refunds never block each other, never claim money moved when it did not, and say when a person must
/// look; what a buyer types on the card page can never make a webhook fail.</summary>
[Collection(PortalCollection.Name)]
public sealed class RefundResilienceTests(PortalFactory portal)
{
    [Fact]
    public async Task PendingRefunds_OneTheProviderRefuses_IsBackedOff_AndTheOthersGoThrough()
    {
        var (failingSale, failingBuyer, failingId) = await PaidTicketAsync();
        var (goodSale, goodBuyer, goodId) = await PaidTicketAsync();
        // Both refunds were claimed but not finished (the process stopped); one payment's intent is unknown
        // to the provider, which refuses it.
        await portal.WithDbAsync(async db =>
        {
            await db.TicketPayments.Where(p => p.OrderId == Guid.Parse(failingId))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.StatusLiteral, "refund_pending").SetProperty(p => p.PaymentIntentId, "pi_unknown"));
            await db.TicketPayments.Where(p => p.OrderId == Guid.Parse(goodId))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.StatusLiteral, "refund_pending"));
        });

        var finished = await RunRefundJobAsync();

        Assert.True(finished >= 1);
        Assert.Equal("refunded", (await goodBuyer.SettledPaymentAsync(goodId)).GetProperty("statusLiteral").GetString());
        var failing = (await (await failingBuyer.GetAsync($"/api/v1/ticket-payments/by-order/{failingId}")).BodyAsync()).GetProperty("ticketPayment");
        Assert.Equal("refund_pending", failing.GetProperty("statusLiteral").GetString());
        await portal.WithDbAsync(async db =>
        {
            var payment = await db.TicketPayments.AsNoTracking().SingleAsync(p => p.OrderId == Guid.Parse(failingId));
            Assert.Equal(1, payment.RefundAttempts);
            Assert.True(payment.NextRefundAttemptAt > DateTime.UtcNow);
        });

        // Backed off: the next run leaves it alone instead of hammering the provider.
        await RunRefundJobAsync();
        await portal.WithDbAsync(async db =>
            Assert.Equal(1, (await db.TicketPayments.AsNoTracking().SingleAsync(p => p.OrderId == Guid.Parse(failingId))).RefundAttempts));
        _ = (failingSale, goodSale);
    }

    [Fact]
    public async Task RefundOfADisputedPayment_IsRefusedForGood_TheTicketStopsClaimingARefund_AndThePaymentNeedsAttention()
    {
        var (sale, buyer, ticketId) = await PaidTicketAsync("4000 0000 0000 0259");

        var refund = await sale.Organizer.PostAsync($"/api/v1/tickets/{ticketId}/refund", null);

        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        var ticket = await buyer.TicketAsync(ticketId);
        Assert.Equal("Cancelled", ticket.GetProperty("status").GetString());
        Assert.Contains("disputes", ticket.GetProperty("statusReason").GetString());
        var payment = await buyer.SettledPaymentAsync(ticketId);
        Assert.Equal("paid", payment.GetProperty("statusLiteral").GetString());
        Assert.Contains("disputes", payment.GetProperty("attention").GetString());
        var flagged = await (await sale.Organizer.GetAsync("/api/v1/ticket-payments?needsAttention=true&pageSize=100")).BodyAsync();
        Assert.Contains(flagged.GetProperty("ticketPayments").EnumerateArray(), p => p.GetProperty("orderId").GetString() == ticketId);
        Assert.DoesNotContain(portal.Services.GetRequiredService<SandboxStore>().Refunds.Values,
            r => r.PaymentIntent == payment.GetProperty("paymentIntentId").GetString());
    }

    [Fact]
    public async Task RefundOfAPaymentAlreadyRefundedAtTheProvider_IsReconciled()
    {
        var (sale, buyer, ticketId) = await PaidTicketAsync();
        var intentId = (await buyer.SettledPaymentAsync(ticketId)).GetProperty("paymentIntentId").GetString()!;
        var intent = portal.Services.GetRequiredService<SandboxStore>().Intents[intentId];
        intent.AmountRefunded = intent.Amount; // refunded in Stripe's dashboard, not through the portal

        var refund = await sale.Organizer.PostAsync($"/api/v1/tickets/{ticketId}/refund", null);

        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        Assert.Equal("Refunded", (await buyer.TicketAsync(ticketId)).GetProperty("status").GetString());
        var payment = await buyer.SettledPaymentAsync(ticketId);
        Assert.Equal("refunded", payment.GetProperty("statusLiteral").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, payment.GetProperty("attention").ValueKind);
    }

    [Fact]
    public async Task AnyNameAndZipOnTheCardPage_AreSavedWithinTheirLimits_AndTheTicketIsPaid()
    {
        var (_, buyer, ticketId, payment) = await portal.CheckoutStartedAsync();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var paid = await browser.PostAsync(payment.GetProperty("redirectUrl").GetString(), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = new string('N', 5000), ["number"] = Buying.GoodCard, ["expiry"] = $"12 / {DateTime.UtcNow.Year % 100 + 3}",
            ["cvc"] = "123", ["zip"] = new string('9', 300),
        }));
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);

        await buyer.WaitForStatusAsync(ticketId, "Paid");
        var card = (await (await buyer.GetAsync("/api/v1/payment-methods")).BodyAsync()).GetProperty("paymentMethods")[0];
        Assert.Equal(200, card.GetProperty("cardHolderName").GetString()!.Length);
        Assert.Equal(20, card.GetProperty("cardHolderZip").GetString()!.Length);
    }

    private async Task<(Buying.OnSale Sale, HttpClient Buyer, string TicketId)> PaidTicketAsync(string card = Buying.GoodCard)
    {
        var (sale, buyer, ticketId, payment) = await portal.CheckoutStartedAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!, card)).StatusCode);
        await buyer.WaitForStatusAsync(ticketId, "Paid");
        return (sale, buyer, ticketId);
    }

    private async Task<int> RunRefundJobAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RefundService>().RetryPendingRefundsAsync();
    }
}
