using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Data;

namespace TicketPortal.Tests.Support;

/// <summary>Steps of the purchase flow that many tests share.</summary>
public static class Buying
{
    public const string GoodCard = "4242 4242 4242 4242";
    public const string DeclinedCard = "4000 0000 0000 0002";

    public sealed record OnSale(HttpClient Organizer, string EventId, string[] TierIds, string OrganizerEmail);

    /// <summary>A published event; unless a test is about the per-buyer limit, one buyer may take every place.</summary>
    public static async Task<OnSale> PublishedEventAsync(this PortalFactory portal, int capacity = 100, decimal price = 20m, int tiers = 1, int? maxPerBuyer = null)
    {
        var organizerEmail = await portal.CreateUserAsync(Roles.Organizer);
        return await (await portal.SignedInAsync(organizerEmail)).PublishEventAsync(organizerEmail, capacity, price, tiers, maxPerBuyer);
    }

    /// <summary>Another published event of a signed-in organizer's.</summary>
    public static async Task<OnSale> PublishEventAsync(this HttpClient organizer, string organizerEmail, int capacity = 100, decimal price = 20m, int tiers = 1, int? maxPerBuyer = null)
    {
        var response = await organizer.PostAsJsonAsync("/api/v1/events", new
        {
            title = $"Sale {Guid.NewGuid():N}", venue = "Test Hall", startDate = DateTime.UtcNow.AddDays(30), minutes = 60, capacity,
            maxPerBuyer = maxPerBuyer ?? capacity,
            tiers = Enumerable.Range(0, tiers).Select(i => new { name = $"Tier {i}", price = price + i, currency = "EUR" }).ToArray(),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var e = (await response.BodyAsync()).GetProperty("event");
        var id = e.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await organizer.PostAsync($"/api/v1/events/{id}/publish", null)).StatusCode);
        return new OnSale(organizer, id, e.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToArray(), organizerEmail);
    }

    public static Task<HttpResponseMessage> HoldAsync(this HttpClient buyer, OnSale sale, int quantity = 1) =>
        buyer.PostAsJsonAsync("/api/v1/tickets", new { eventId = sale.EventId, priceTierId = sale.TierIds[0], quantity });

    public static async Task<string> HeldTicketAsync(this HttpClient buyer, OnSale sale, int quantity = 1)
    {
        var response = await buyer.HoldAsync(sale, quantity);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.BodyAsync()).GetProperty("ticket").GetProperty("id").GetString()!;
    }

    /// <summary>Starts checkout and returns the ticketPayment from the response.</summary>
    public static async Task<JsonElement> StartCheckoutAsync(this HttpClient buyer, string ticketId)
    {
        var response = await buyer.PostAsync($"/api/v1/tickets/{ticketId}/start-checkout", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.BodyAsync()).GetProperty("ticketPayment");
    }

    /// <summary>A new buyer who holds places of a new event and has started checkout.</summary>
    public static async Task<(OnSale Sale, HttpClient Buyer, string TicketId, JsonElement Payment)> CheckoutStartedAsync(
        this PortalFactory portal, int capacity = 100, decimal price = 20m, int quantity = 1)
    {
        var sale = await portal.PublishedEventAsync(capacity, price);
        var buyer = await portal.NewUserClientAsync();
        var ticketId = await buyer.HeldTicketAsync(sale, quantity);
        return (sale, buyer, ticketId, await buyer.StartCheckoutAsync(ticketId));
    }

    /// <summary>Fills the sandbox's hosted card page like a browser would; returns its response (no redirects followed).</summary>
    public static async Task<HttpResponseMessage> PayOnSandboxAsync(string redirectUrl, string card = GoodCard)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        return await browser.PostAsync(redirectUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "Ada Buyer", ["number"] = card, ["expiry"] = $"12 / {DateTime.UtcNow.Year % 100 + 3}", ["cvc"] = "123", ["zip"] = "10115",
        }));
    }

    public static async Task<JsonElement> TicketAsync(this HttpClient client, string ticketId) =>
        (await (await client.GetAsync($"/api/v1/tickets/{ticketId}")).BodyAsync()).GetProperty("ticket");

    /// <summary>Polls until the ticket reaches a status (webhooks arrive in the background).</summary>
    public static async Task<JsonElement> WaitForStatusAsync(this HttpClient client, string ticketId, string status)
    {
        var ticket = await Eventually.ReadUntilAsync(() => client.TicketAsync(ticketId),
            t => t.GetProperty("status").GetString() == status, TimeSpan.FromSeconds(15));
        if (ticket.GetProperty("status").GetString() != status)
            Assert.Fail($"Ticket {ticketId} stayed {ticket.GetProperty("status").GetString()}, expected {status}");
        return ticket;
    }

    /// <summary>The ticket's payment record once no refund is half-way: a refund is claimed (ticket Refunded,
    /// record refund_pending) before the money moves, so the record settles a moment after the ticket.</summary>
    public static Task<JsonElement> SettledPaymentAsync(this HttpClient client, string ticketId) =>
        Eventually.ReadUntilAsync(
            async () => (await (await client.GetAsync($"/api/v1/ticket-payments/by-order/{ticketId}")).BodyAsync()).GetProperty("ticketPayment"),
            record => record.GetProperty("statusLiteral").GetString() != "refund_pending", TimeSpan.FromSeconds(15));

    /// <summary>Cancels an event (the CancelEvent operation: 202) and waits until the operation is done.</summary>
    public static async Task<JsonElement> CancelEventAsync(this HttpClient organizer, string eventId, string expectedStatus = "Completed")
    {
        var response = await organizer.PostAsync($"/api/v1/events/{eventId}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await organizer.WaitForOperationAsync(response.Headers.Location!.ToString(), expectedStatus);
    }

    /// <summary>Polls an operation ticket until it reaches a status.</summary>
    public static async Task<JsonElement> WaitForOperationAsync(this HttpClient client, string location, string status)
    {
        var ticket = await Eventually.ReadUntilAsync(
            async () => (await (await client.GetAsync(location)).BodyAsync()).GetProperty("operationTicket"),
            t => t.GetProperty("status").GetString() == status, TimeSpan.FromSeconds(30));
        if (ticket.GetProperty("status").GetString() != status)
            Assert.Fail($"Operation stayed {ticket.GetProperty("status").GetString()}, expected {status}: {ticket}");
        return ticket;
    }

    public static async Task<int> ReservedAsync(this PortalFactory portal, string eventId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Events.Where(e => e.Id == Guid.Parse(eventId)).Select(e => e.Reserved).SingleAsync();
    }

    public static async Task WithDbAsync(this PortalFactory portal, Func<PortalDbContext, Task> work)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }
}
