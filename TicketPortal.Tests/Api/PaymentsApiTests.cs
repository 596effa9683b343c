using System.Net;
using System.Net.Http.Json;
using TicketPortal.Setup;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

[Collection(PortalCollection.Name)]
public sealed class PaymentsApiTests(PortalFactory portal)
{
    private async Task<(Buying.OnSale Sale, HttpClient Buyer, string TicketId, string PaymentId, string SessionId)> CheckoutAsync()
    {
        var (sale, buyer, ticketId, payment) = await portal.CheckoutStartedAsync();
        return (sale, buyer, ticketId, payment.GetProperty("id").GetString()!, payment.GetProperty("paymentId").GetString()!);
    }

    [Fact]
    public async Task TicketPayment_IsFoundByIdOrderAndPaymentId_ByItsBuyerAndOrganizer()
    {
        var (sale, buyer, ticketId, paymentId, sessionId) = await CheckoutAsync();

        foreach (var client in new[] { buyer, sale.Organizer })
            foreach (var path in new[] { $"/api/v1/ticket-payments/{paymentId}", $"/api/v1/ticket-payments/by-order/{ticketId}", $"/api/v1/ticket-payments/by-payment/{sessionId}" })
            {
                var response = await client.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var body = await response.BodyAsync();
                Assert.Equal("ticketPayment", body.GetProperty("dataName").GetString());
                Assert.Equal("get", body.GetProperty("action").GetString());
                Assert.Equal(ticketId, body.GetProperty("ticketPayment").GetProperty("orderId").GetString());
            }

        var stranger = await portal.NewUserClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/ticket-payments/{paymentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/ticket-payments/by-payment/{sessionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.Anonymous().GetAsync($"/api/v1/ticket-payments/{paymentId}")).StatusCode);
    }

    [Fact]
    public async Task TicketPayments_List_IsScopedAndFilterable()
    {
        var (_, buyer, _, paymentId, _) = await CheckoutAsync();

        var body = await (await buyer.GetAsync("/api/v1/ticket-payments?paymentStatus=open")).BodyAsync();

        Assert.Equal("ticketPayments", body.GetProperty("dataName").GetString());
        Assert.Equal("getList", body.GetProperty("action").GetString());
        Assert.Equal(paymentId, Assert.Single(body.GetProperty("ticketPayments").EnumerateArray()).GetProperty("id").GetString());
        var bad = await buyer.GetAsync("/api/v1/ticket-payments?paymentStatus=weird");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.BodyAsync()).GetProperty("errors").TryGetProperty("paymentStatus", out _));
    }

    [Fact]
    public async Task ManualPaymentRecords_AreForAdmins_WithValidationConcurrencyAndSoftDelete()
    {
        var (_, buyer, ticketId, _, _) = await CheckoutAsync();
        var admin = await portal.SignedInAsync(DemoData.AdminEmail);
        var record = new { orderId = ticketId, paymentId = $"manual_{Guid.NewGuid():N}", paymentStatus = "complete", statusLiteral = "paid" };

        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.PostAsJsonAsync("/api/v1/ticket-payments", record)).StatusCode);
        var missing = await admin.PostAsJsonAsync("/api/v1/ticket-payments", new { paymentStatus = "complete" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = (await missing.BodyAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("orderId", out _) && errors.TryGetProperty("paymentId", out _));

        var created = await admin.PostAsJsonAsync("/api/v1/ticket-payments", record);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.BodyAsync()).GetProperty("ticketPayment").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/v1/ticket-payments", record)).StatusCode);

        var badLiteral = await admin.PatchAsJsonAsync($"/api/v1/ticket-payments/{id}", new { statusLiteral = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, badLiteral.StatusCode);
        Assert.True((await badLiteral.BodyAsync()).GetProperty("errors").TryGetProperty("statusLiteral", out _));
        var stale = await admin.PatchAsJsonAsync($"/api/v1/ticket-payments/{id}", new { statusLiteral = "refunded", recordVersion = 7 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var patched = await admin.PatchAsJsonAsync($"/api/v1/ticket-payments/{id}", new { statusLiteral = "refunded", recordVersion = 1 });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var updated = (await patched.BodyAsync()).GetProperty("ticketPayment");
        Assert.Equal("refunded", updated.GetProperty("statusLiteral").GetString());
        Assert.Equal(2, updated.GetProperty("recordVersion").GetInt32());

        var deleted = await admin.DeleteAsync($"/api/v1/ticket-payments/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var body = await deleted.BodyAsync();
        Assert.Equal("delete", body.GetProperty("action").GetString());
        Assert.False(body.GetProperty("ticketPayment").GetProperty("isActive").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await buyer.DeleteAsync($"/api/v1/ticket-payments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchAsJsonAsync($"/api/v1/ticket-payments/{Guid.NewGuid()}", new { statusLiteral = "paid" })).StatusCode);
    }

    [Fact]
    public async Task PaymentCustomers_OfOthers_AreNotVisible()
    {
        var (_, buyer, ticketId, _, _) = await CheckoutAsync();
        var customers = await (await buyer.GetAsync("/api/v1/payment-customers")).BodyAsync();
        var id = Assert.Single(customers.GetProperty("paymentCustomers").EnumerateArray()).GetProperty("id").GetString();

        var stranger = await portal.NewUserClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/payment-customers/{id}")).StatusCode);
        Assert.Equal(0, (await (await stranger.GetAsync("/api/v1/payment-customers")).BodyAsync()).GetProperty("rowCount").GetInt32());
        Assert.Equal(0, (await (await stranger.GetAsync("/api/v1/payment-methods")).BodyAsync()).GetProperty("rowCount").GetInt32());
    }
}
