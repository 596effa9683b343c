using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Browser;

[Collection(PortalCollection.Name)]
public sealed class CancelEventJourneyTests(PortalFactory portal, BrowserFixture browser)
{
    [Fact]
    public async Task Organizer_CancelsAnEventWithAPaidTicket_WatchesTheOperationComplete_AndTheBuyerSeesRefunded()
    {
        var (sale, buyer, ticketId, payment) = await portal.CheckoutStartedAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!)).StatusCode);
        await buyer.WaitForStatusAsync(ticketId, "Paid");
        var title = (await (await sale.Organizer.GetAsync($"/api/v1/events/{sale.EventId}")).BodyAsync()).GetProperty("event").GetProperty("title").GetString()!;

        // The buyer keeps the ticket page open.
        var buyerEmail = (await (await buyer.GetAsync("/api/v1/auth/manage/info")).BodyAsync()).GetProperty("email").GetString()!;
        var buyerPage = await browser.NewPageAsync(portal);
        await buyerPage.LogInAsync(buyerEmail);
        await buyerPage.GotoAsync($"/tickets/{ticketId}");
        await buyerPage.WaitInteractiveAsync();
        await Assertions.Expect(buyerPage.GetByText("Paid").First).ToBeVisibleAsync();

        // The organizer cancels from "My events"; the confirmation says who will be refunded.
        var organizer = await browser.NewPageAsync(portal);
        await organizer.LogInAsync(sale.OrganizerEmail);
        await organizer.GotoAsync("/organizer/events");
        await organizer.WaitInteractiveAsync();
        await organizer.GetByTestId($"actions-{title}").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Assertions.Expect(organizer.GetByText("1 paid ticket will be refunded in full.", new() { Exact = false })).ToBeVisibleAsync();
        await organizer.GetByRole(AriaRole.Button, new() { Name = "Cancel event" }).ClickAsync();

        // …and watches the operation reach Completed on the Operations page.
        await Assertions.Expect(organizer).ToHaveURLAsync(new Regex("/operations$"));
        var row = organizer.GetByTestId("operations").Locator("tbody tr").Filter(new() { HasText = "CancelEvent" }).First;
        await Assertions.Expect(row.GetByTestId("operation-status")).ToHaveTextAsync("Completed", new() { Timeout = 30_000 });

        // The buyer's page changed by itself.
        await Assertions.Expect(buyerPage.GetByTestId("status-reason")).ToContainTextAsync("event was cancelled", new() { Timeout = 30_000 });
    }
}

[Collection(PortalCollection.Name)]
public sealed class OperationsJourneyTests(PortalFactory portal, BrowserFixture browser)
{
    [Fact]
    public async Task Organizer_IssuesComplimentaryTickets_AndDownloadsTheAttendeeExport_FromTheOperationsPage()
    {
        var sale = await portal.PublishedEventAsync(capacity: 20);
        var title = (await (await sale.Organizer.GetAsync($"/api/v1/events/{sale.EventId}")).BodyAsync()).GetProperty("event").GetProperty("title").GetString()!;
        var guest = $"guest-{Guid.NewGuid():N}@test.local";
        var page = await browser.NewPageAsync(portal);
        await page.LogInAsync(sale.OrganizerEmail);
        await page.GotoAsync("/organizer/events");
        await page.WaitInteractiveAsync();

        await page.GetByTestId($"actions-{title}").GetByRole(AriaRole.Button, new() { Name = "Issue complimentary tickets" }).ClickAsync();
        await page.Locator("[data-testid=comp-emails] textarea").FillAsync(guest);
        await page.GetByTestId("comp-issue").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/operations$"));
        var issued = page.GetByTestId("operations").Locator("tbody tr").Filter(new() { HasText = "IssueComplimentaryTickets" }).First;
        await Assertions.Expect(issued.GetByTestId("operation-status")).ToHaveTextAsync("Completed", new() { Timeout = 30_000 });

        await page.GotoAsync("/organizer/events");
        await page.WaitInteractiveAsync();
        await page.GetByTestId($"actions-{title}").GetByRole(AriaRole.Button, new() { Name = "Export attendees" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/operations$"));
        var export = page.GetByTestId("operations").Locator("tbody tr").Filter(new() { HasText = "ExportAttendees" }).First;
        await Assertions.Expect(export.GetByTestId("operation-status")).ToHaveTextAsync("Completed", new() { Timeout = 30_000 });
        var download = await page.RunAndWaitForDownloadAsync(() => export.GetByTestId("operation-download").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains(guest, csv);
    }
}
