using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using TicketPortal.Domain.Accounts;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Browser;

/// <summary>The organizer's pages stay right however much data an event has: figures for the whole event,
/// grids paged on the server.</summary>
[Collection(PortalCollection.Name)]
public sealed class OrganizerPagesTests(PortalFactory portal, BrowserFixture browser)
{
    [Fact]
    public async Task TicketsPage_WithMoreThan100PaidTickets_ShowsTheWholeEventsFigures_AndPagesTheGrid()
    {
        // Tier 0 is free (paid the moment checkout starts), tier 1 costs 1.00 EUR.
        var sale = await portal.PublishedEventAsync(capacity: 300, price: 0m, tiers: 2);
        await Task.WhenAll(Enumerable.Range(0, 11).Select(async _ =>
        {
            var buyer = await portal.NewUserClientAsync();
            for (var i = 0; i < 10; i++)
                await buyer.StartCheckoutAsync(await buyer.HeldTicketAsync(sale));
        }));
        var payer = await portal.NewUserClientAsync();
        var paidId = await HoldPaidTierAsync(payer, sale, 3);
        var payment = await payer.StartCheckoutAsync(paidId);
        Assert.Equal(HttpStatusCode.Redirect, (await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!)).StatusCode);
        await payer.WaitForStatusAsync(paidId, "Paid");
        await HoldPaidTierAsync(await portal.NewUserClientAsync(), sale, 2);

        var page = await browser.NewPageAsync(portal);
        await page.LogInAsync(sale.OrganizerEmail);
        await page.GotoAsync($"/organizer/events/{sale.EventId}/tickets");
        await page.WaitInteractiveAsync();

        // 110 free places + 3 paid ones sold, 2 held, 3.00 EUR taken; 112 ticket rows in all.
        await Assertions.Expect(page.GetByTestId("sold")).ToHaveTextAsync("113");
        await Assertions.Expect(page.GetByTestId("held")).ToHaveTextAsync("2");
        await Assertions.Expect(page.GetByTestId("revenue")).ToHaveTextAsync("3.00 EUR");
        var grid = page.GetByTestId("tickets-grid");
        await Assertions.Expect(grid.Locator("tbody tr")).ToHaveCountAsync(20);
        await Assertions.Expect(grid).ToContainTextAsync("of 112");
    }

    [Fact]
    public async Task MyEvents_PagesOnTheServer_AndFiltersThere()
    {
        var email = await portal.CreateUserAsync(Roles.Organizer);
        var organizer = await portal.SignedInAsync(email);
        for (var i = 0; i < 22; i++)
            await CreateDraftAsync(organizer, i == 7 ? "Unique Harpsichord Evening" : $"Routine event {i:00}");

        var page = await browser.NewPageAsync(portal);
        await page.LogInAsync(email);
        await page.GotoAsync("/organizer/events");
        await page.WaitInteractiveAsync();

        var grid = page.GetByTestId("events-grid");
        await Assertions.Expect(grid.Locator("tbody tr")).ToHaveCountAsync(20);
        await Assertions.Expect(grid).ToContainTextAsync("of 22");

        await grid.Locator("input").First.FillAsync("Harpsichord");
        await Assertions.Expect(grid.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(grid).ToContainTextAsync("Unique Harpsichord Evening");
    }

    [Fact]
    public async Task EventPage_QuantityPicker_FollowsTheMaxQuantitySetting()
    {
        var sale = await portal.PublishedEventAsync(capacity: 100);
        var page = await browser.NewPageAsync(portal);
        await page.LogInAsync(await portal.CreateUserAsync());
        await page.GotoAsync($"/events/{sale.EventId}");
        await page.WaitInteractiveAsync();

        var quantity = page.Locator("[data-testid=quantity] input");
        await quantity.FillAsync("99");
        await quantity.BlurAsync();

        await Assertions.Expect(quantity).ToHaveValueAsync(PortalFactory.MaxQuantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task EventPage_QuantityPicker_StopsAtWhatTheBuyerMayStillHave()
    {
        var sale = await portal.PublishedEventAsync(capacity: 100, maxPerBuyer: 4);
        var email = await portal.CreateUserAsync();
        await (await portal.SignedInAsync(email)).HeldTicketAsync(sale);
        var page = await browser.NewPageAsync(portal);
        await page.LogInAsync(email);
        await page.GotoAsync($"/events/{sale.EventId}");
        await page.WaitInteractiveAsync();

        await Assertions.Expect(page.GetByTestId("buyer-limit")).ToContainTextAsync("You can have 3 more (at most 4 per buyer)");
        var quantity = page.Locator("[data-testid=quantity] input");
        await quantity.FillAsync("9");
        await quantity.BlurAsync();
        await Assertions.Expect(quantity).ToHaveValueAsync("3");
    }

    private static async Task<string> HoldPaidTierAsync(HttpClient buyer, Buying.OnSale sale, int quantity)
    {
        var response = await buyer.PostAsJsonAsync("/api/v1/tickets", new { eventId = sale.EventId, priceTierId = sale.TierIds[1], quantity });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.BodyAsync()).GetProperty("ticket").GetProperty("id").GetString()!;
    }

    private static async Task CreateDraftAsync(HttpClient organizer, string title)
    {
        var response = await organizer.PostAsJsonAsync("/api/v1/events", new
        {
            title, venue = "Test Hall", startDate = DateTime.UtcNow.AddDays(30), minutes = 60, capacity = 10,
            tiers = new[] { new { name = "Seat", price = 5m, currency = "EUR" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
