using Microsoft.Playwright;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Browser;

/// <summary>The seat picker in a real browser: seats are keyboard buttons, and what one buyer takes turns taken for
/// every other viewer without a reload.</summary>
[Collection(PortalCollection.Name)]
public sealed class SeatPickerTests(PortalFactory portal, BrowserFixture browser)
{
    [Fact]
    public async Task ASeatPickedInOneBrowser_TurnsHeldInAnother_WithoutAReload_AndItsViewerIsTold()
    {
        var seated = await portal.SeatedEventAsync(rows: "A-B", perRow: 6, price: 30m);
        var first = await BuyerPageAsync(seated);
        var second = await BuyerPageAsync(seated);

        // The second buyer has A-3 in their basket; the first reserves it.
        await second.Locator("[data-seat='Stalls-A-3']").ClickAsync();
        await Assertions.Expect(second.Locator("[data-seat='Stalls-A-3']")).ToHaveAttributeAsync("aria-pressed", "true");
        await first.Locator("[data-seat='Stalls-A-3']").ClickAsync();
        await first.Locator("[data-seat='Stalls-A-4']").ClickAsync();
        await Assertions.Expect(first.GetByTestId("seat-selection")).ToContainTextAsync("2 seats: Row A Seat 3, Row A Seat 4 · 60.00 EUR");
        await first.GetByTestId("reserve-seats").ClickAsync();
        await first.WaitForURLAsync(url => url.Contains("/stripe-sandbox/", StringComparison.Ordinal));

        var taken = second.Locator("[data-seat='Stalls-A-3']");
        await Assertions.Expect(taken).ToHaveAttributeAsync("data-status", "held");
        await Assertions.Expect(taken).ToBeDisabledAsync();
        await Assertions.Expect(second.Locator("[data-seat='Stalls-A-4']")).ToHaveAttributeAsync("data-status", "held");
        await Assertions.Expect(second.GetByTestId("seat-notice")).ToContainTextAsync("Stalls · Row A · Seat 3 was just taken by someone else");
        await Assertions.Expect(second.GetByTestId("reserve-seats")).ToBeDisabledAsync();

        // The first buyer pays: the ticket names its seats, and they turn sold on the other map.
        await Assertions.Expect(first.GetByTestId("amount")).ToHaveTextAsync("60.00 EUR");
        await first.FillAsync("input[name=name]", "Ada Buyer");
        await first.FillAsync("input[name=number]", Buying.GoodCard);
        await first.FillAsync("input[name=expiry]", "12 / 35");
        await first.FillAsync("input[name=cvc]", "123");
        await first.FillAsync("input[name=zip]", "10115");
        await first.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Pay ") }).ClickAsync();
        await Assertions.Expect(first.GetByTestId("ticket-status")).ToHaveTextAsync("Paid");
        await Assertions.Expect(first.GetByTestId("ticket-seats")).ToHaveTextAsync("Stalls · Row A · Seat 3; Stalls · Row A · Seat 4");
        await Assertions.Expect(taken).ToHaveAttributeAsync("data-status", "sold");
    }

    [Fact]
    public async Task SeatsArePickedByKeyboard_AndNamedForScreenReaders()
    {
        var seated = await portal.SeatedEventAsync(rows: "A", perRow: 4);
        var page = await BuyerPageAsync(seated);

        var seat = page.Locator("[data-seat='Stalls-A-2']");
        await Assertions.Expect(page.GetByTestId("buy-error")).ToHaveCountAsync(0);
        await Assertions.Expect(seat).ToHaveAttributeAsync("aria-label", "Stalls · Row A · Seat 2, available");
        await seat.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(seat).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(seat).ToHaveAttributeAsync("aria-label", "Stalls · Row A · Seat 2, selected");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(seat).ToHaveAttributeAsync("aria-pressed", "false");
    }

    [Fact]
    public async Task TheOrganizerLaysOutAMap_InThePortal_AndTheEventSellsBySeat()
    {
        var sale = await portal.PublishedEventAsync(capacity: 50);
        var page = await browser.NewPageAsync(portal);
        await page.LogInAsync(sale.OrganizerEmail);
        await page.GotoAsync($"/organizer/events/{sale.EventId}/seats");
        await page.WaitInteractiveAsync();

        var section = page.GetByTestId("section-0");
        await section.GetByLabel("Rows").FillAsync("A-C");
        await section.GetByLabel("Seats per row").FillAsync("8");
        await page.GetByTestId("generate-seats").ClickAsync();

        await Assertions.Expect(page.GetByTestId("seat-tokens")).ToContainTextAsync("Stalls · Row C · Seat 8");
        var e = await (await portal.Anonymous().GetAsync($"/api/v1/events/{sale.EventId}")).BodyAsync();
        Assert.Equal(24, e.GetProperty("event").GetProperty("capacity").GetInt32());
        await page.GotoAsync($"/events/{sale.EventId}");
        await Assertions.Expect(page.Locator(".seat-map .seat[data-seat]")).ToHaveCountAsync(24);
    }

    [Fact]
    public async Task TheOrganizerImportsAMapFromCsv_AndFollowsTheOperation()
    {
        var sale = await portal.PublishedEventAsync(capacity: 50);
        var page = await browser.NewPageAsync(portal);
        await page.LogInAsync(sale.OrganizerEmail);
        await page.GotoAsync($"/organizer/events/{sale.EventId}/seats");
        await page.WaitInteractiveAsync();

        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
        {
            Name = "seats.csv", MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("section,row,seat\nParterre,A,1\nParterre,A,2\nParterre,B,1\n"),
        });

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/operations$"));
        await Assertions.Expect(page.GetByTestId("operations")).ToContainTextAsync("ImportSeatMap");
        await Assertions.Expect(page.GetByTestId("operations")).ToContainTextAsync("Completed");
        var map = await sale.Organizer.SeatMapAsync(sale.EventId);
        Assert.Equal(3, map.GetProperty("seats").GetArrayLength());
    }

    private async Task<IPage> BuyerPageAsync(Seating.Seated seated)
    {
        var page = await browser.NewPageAsync(portal);
        await page.LogInAsync(await portal.CreateUserAsync());
        await page.GotoAsync($"/events/{seated.Sale.EventId}");
        await page.WaitInteractiveAsync();
        await Assertions.Expect(page.GetByTestId("seat-map")).ToBeVisibleAsync();
        return page;
    }
}
