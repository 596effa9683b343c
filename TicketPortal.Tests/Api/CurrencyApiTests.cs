using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Accounts;
using TicketPortal.StripeSandbox;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>Every currency is charged exactly the price shown, in its own minor unit.</summary>
[Collection(PortalCollection.Name)]
public sealed class CurrencyApiTests(PortalFactory portal)
{
    [Theory]
    [InlineData("JPY", 1500, 2, 3000)]
    [InlineData("KWD", 5.25, 2, 10500)]
    [InlineData("EUR", 12.5, 3, 3750)]
    public async Task Checkout_ChargesThePriceInTheCurrencysMinorUnit(string currency, double price, int quantity, long charged)
    {
        var organizer = await portal.NewUserClientAsync(Roles.Organizer);
        var eventId = await PublishAsync(organizer, currency, (decimal)price);
        var buyer = await portal.NewUserClientAsync();
        var hold = await buyer.PostAsJsonAsync("/api/v1/tickets", new { eventId, quantity });
        Assert.Equal(HttpStatusCode.Created, hold.StatusCode);
        var ticketId = (await hold.BodyAsync()).GetProperty("ticket").GetProperty("id").GetString()!;

        var payment = await buyer.StartCheckoutAsync(ticketId);

        var session = portal.Services.GetRequiredService<SandboxStore>().Session(payment.GetProperty("paymentId").GetString()!)!;
        Assert.Equal(charged, session.AmountTotal);
        Assert.Equal(currency.ToLowerInvariant(), session.Currency);
    }

    [Theory]
    [InlineData("JPY", 1500.5)]
    [InlineData("JPY", 20)]
    [InlineData("KWD", 5.255)]
    [InlineData("EUR", 0.3)]
    public async Task CreateEvent_WithAPriceTheCurrencyCannotCharge_IsRefusedOnThePriceField(string currency, double price)
    {
        var organizer = await portal.NewUserClientAsync(Roles.Organizer);

        var response = await organizer.PostAsJsonAsync("/api/v1/events", Body(currency, (decimal)price));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.BodyAsync()).GetProperty("errors").TryGetProperty("tiers[0].price", out _));
    }

    private static object Body(string currency, decimal price) => new
    {
        title = $"Priced in {currency}", venue = "Hall", startDate = DateTime.UtcNow.AddDays(20), minutes = 60, capacity = 50,
        tiers = new[] { new { name = "Seat", price, currency } },
    };

    private static async Task<string> PublishAsync(HttpClient organizer, string currency, decimal price)
    {
        var created = await organizer.PostAsJsonAsync("/api/v1/events", Body(currency, price));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.BodyAsync()).GetProperty("event").GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await organizer.PostAsync($"/api/v1/events/{id}/publish", null)).StatusCode);
        return id;
    }
}
