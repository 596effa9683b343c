using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Browser;

[Collection(PortalCollection.Name)]
public sealed class BuyingJourneyTests(PortalFactory portal, BrowserFixture browser)
{
    private async Task<IPage> AttendeeOnEventPageAsync(Buying.OnSale sale)
    {
        var email = await portal.CreateUserAsync();
        var page = await browser.NewPageAsync(portal);
        await page.LogInAsync(email);
        await page.GotoAsync($"/events/{sale.EventId}");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("sandbox-banner")).ToBeVisibleAsync();
        return page;
    }

    private static async Task FillCardAsync(IPage page, string card)
    {
        await Assertions.Expect(page.GetByText("Stripe sandbox mode · no real payment is taken")).ToBeVisibleAsync();
        await page.FillAsync("input[name=name]", "Ada Buyer");
        await page.FillAsync("input[name=number]", card);
        await page.FillAsync("input[name=expiry]", "12 / 35");
        await page.FillAsync("input[name=cvc]", "123");
        await page.FillAsync("input[name=zip]", "10115");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pay ") }).ClickAsync();
    }

    [Fact]
    public async Task Attendee_BuysWithTheGoodCard_AndSeesPaid()
    {
        var sale = await portal.PublishedEventAsync(capacity: 20, price: 18m);
        var page = await AttendeeOnEventPageAsync(sale);

        await page.Locator("[data-testid=quantity] input").FillAsync("2");
        await page.Locator("[data-testid=quantity] input").BlurAsync();
        await page.GetByTestId("buy").ClickAsync();

        await Assertions.Expect(page.GetByTestId("amount")).ToHaveTextAsync("36.00 EUR");
        await FillCardAsync(page, Buying.GoodCard);

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/tickets/[0-9a-f-]+\\?checkout=success"));
        await Assertions.Expect(page.GetByTestId("ticket-status")).ToHaveTextAsync("Paid");
        await Assertions.Expect(page.GetByTestId("ticket-message")).ToContainTextAsync("Payment received");
        await Assertions.Expect(page.GetByTestId("ticket-total")).ToHaveTextAsync("36.00 EUR");

        await page.GotoAsync("/tickets");
        await Assertions.Expect(page.GetByTestId("my-tickets").GetByTestId("ticket-status")).ToHaveTextAsync("Paid");
        Assert.Equal(2, await portal.ReservedAsync(sale.EventId));
    }

    [Fact]
    public async Task Attendee_WithADeclinedCard_SeesWhy_AndTheTicketStaysUnpaid()
    {
        var sale = await portal.PublishedEventAsync(capacity: 20, price: 25m);
        var page = await AttendeeOnEventPageAsync(sale);

        await page.GetByTestId("buy").ClickAsync();
        await FillCardAsync(page, Buying.DeclinedCard);

        await Assertions.Expect(page.GetByTestId("card-error")).ToHaveTextAsync("Your card was declined. Try another card.");
        await page.GetByRole(AriaRole.Link, new() { Name = "← Back to TicketPortal" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("checkout=cancelled"));
        await Assertions.Expect(page.GetByTestId("ticket-status")).ToHaveTextAsync("Awaiting payment");
        await Assertions.Expect(page.GetByTestId("ticket-message")).ToContainTextAsync("Payment was not completed");
        await Assertions.Expect(page.GetByTestId("hold-countdown")).ToContainTextAsync("Held for");
        Assert.Equal(1, await portal.ReservedAsync(sale.EventId));
    }

    [Fact]
    public async Task OrganizerDashboard_CountsTheSale_WhileTheAttendeePays_WithoutAReload()
    {
        var sale = await portal.PublishedEventAsync(capacity: 30, price: 40m);
        var organizer = await browser.NewPageAsync(portal);
        await organizer.LogInAsync(sale.OrganizerEmail);
        await organizer.GotoAsync($"/organizer/events/{sale.EventId}/dashboard");
        await organizer.WaitInteractiveAsync();
        await Assertions.Expect(organizer.GetByTestId("sold")).ToHaveTextAsync("0");
        var navigations = 0;
        organizer.FrameNavigated += (_, frame) => { if (frame == organizer.MainFrame) navigations++; };

        var attendee = await AttendeeOnEventPageAsync(sale);
        await attendee.GetByTestId("buy").ClickAsync();
        await Assertions.Expect(organizer.GetByTestId("held")).ToHaveTextAsync("1");
        await Assertions.Expect(organizer.GetByTestId("checkouts")).ToHaveTextAsync("1");
        await FillCardAsync(attendee, Buying.GoodCard);
        await Assertions.Expect(attendee.GetByTestId("ticket-status")).ToHaveTextAsync("Paid");

        await Assertions.Expect(organizer.GetByTestId("sold")).ToHaveTextAsync("1");
        await Assertions.Expect(organizer.GetByTestId("held")).ToHaveTextAsync("0");
        await Assertions.Expect(organizer.GetByTestId("revenue")).ToHaveTextAsync("40.00 EUR");
        Assert.Equal(0, navigations);
    }

    [Fact]
    public async Task Organizer_RefundsAPaidTicket_FromTheEventsTicketsPage()
    {
        var sale = await portal.PublishedEventAsync(capacity: 5, price: 30m);
        var buyer = await portal.NewUserClientAsync();
        var ticketId = await buyer.HeldTicketAsync(sale);
        await Buying.PayOnSandboxAsync((await buyer.StartCheckoutAsync(ticketId)).GetProperty("redirectUrl").GetString()!);
        await buyer.WaitForStatusAsync(ticketId, "Paid");

        var organizer = await browser.NewPageAsync(portal);
        await organizer.LogInAsync(sale.OrganizerEmail);
        await organizer.GotoAsync($"/organizer/events/{sale.EventId}/tickets");
        await organizer.WaitInteractiveAsync();
        await Assertions.Expect(organizer.GetByTestId("sold")).ToHaveTextAsync("1");
        await organizer.GetByTestId("refund").ClickAsync();
        await organizer.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Refund" }).ClickAsync();

        await Assertions.Expect(organizer.GetByTestId("tickets-grid").GetByTestId("ticket-status")).ToHaveTextAsync("Refunded");
        await Assertions.Expect(organizer.GetByTestId("sold")).ToHaveTextAsync("0");
        Assert.Equal("Refunded", (await buyer.TicketAsync(ticketId)).GetProperty("status").GetString());
        Assert.Equal(0, await portal.ReservedAsync(sale.EventId));
    }

    [Fact]
    public async Task EventPage_TicketsLeft_FollowOtherBuyersLive()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var visitor = await browser.NewPageAsync(portal);
        await visitor.GotoAsync($"/events/{sale.EventId}");
        await visitor.WaitInteractiveAsync();
        await Assertions.Expect(visitor.GetByTestId("remaining")).ToHaveTextAsync("10 of 10 tickets left");

        await (await portal.NewUserClientAsync()).HeldTicketAsync(sale, quantity: 3);

        await Assertions.Expect(visitor.GetByTestId("remaining")).ToHaveTextAsync("7 of 10 tickets left");
    }
}
