using System.Net.Http.Json;
using Microsoft.Playwright;
using TicketPortal.Domain.Accounts;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Browser;

/// <summary>The accessibility check's organizer-side pages (operations, seats, applications, requests, workflows),
/// each opened with the data that shows its controls.</summary>
public sealed partial class AccessibilityTests
{
    /// <summary>A completed export (with its download link) and a failed bulk delete (with its details).</summary>
    private async Task<IPage> OperationsAsync()
    {
        var (sale, buyer, paidId, payment) = await portal.CheckoutStartedAsync();
        await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!);
        await buyer.WaitForStatusAsync(paidId, "Paid");
        var export = await sale.Organizer.PostAsync($"/api/v1/events/{sale.EventId}/attendee-export", null);
        await sale.Organizer.WaitForOperationAsync(export.Headers.Location!.ToString(), "Completed");
        var delete = await sale.Organizer.PostAsJsonAsync("/api/v1/tickets/bulk-delete", new { ticketIds = new[] { paidId } });
        await sale.Organizer.WaitForOperationAsync(delete.Headers.Location!.ToString(), "Failure");
        var page = await SignedInPageAsync(sale.OrganizerEmail);
        await GoInteractiveAsync(page, "/operations");
        await Assertions.Expect(page.GetByTestId("operations").Locator("tbody tr")).ToHaveCountAsync(2);
        return page;
    }

    /// <summary>A seated event with one seat held, one locked and one picked by the viewer.</summary>
    private async Task<IPage> SeatPickerAsync()
    {
        var seated = await portal.SeatedEventAsync();
        await (await portal.NewUserClientAsync()).PickAsync(seated, seated.SeatId(1));
        await portal.SendLockAsync(await seated.Sale.Organizer.ApplicationAsync(), "lock", [seated.Tokens[2]]);
        var page = await SignedInPageAsync(await portal.CreateUserAsync());
        await GoInteractiveAsync(page, $"/events/{seated.Sale.EventId}");
        await page.Locator("[data-seat='Stalls-A-1']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-seat='Stalls-A-1']")).ToHaveAttributeAsync("aria-pressed", "true");
        return page;
    }

    private async Task<IPage> SeatMapEditorAsync()
    {
        var seated = await portal.SeatedEventAsync();
        var page = await SignedInPageAsync(seated.Sale.OrganizerEmail);
        await GoInteractiveAsync(page, $"/organizer/events/{seated.Sale.EventId}/seats");
        await Assertions.Expect(page.GetByTestId("seat-tokens")).ToContainTextAsync(seated.Tokens[0]);
        return page;
    }

    /// <summary>Right after registering: the one-time key shows, above the list with a revoked application.</summary>
    private async Task<IPage> ApplicationsAsync()
    {
        var email = await portal.CreateUserAsync(Roles.Organizer);
        var organizer = await portal.SignedInAsync(email);
        var old = await organizer.ApplicationAsync();
        var listed = await (await organizer.GetAsync("/api/v1/applications")).BodyAsync();
        await organizer.DeleteAsync($"/api/v1/applications/{listed.GetProperty("applications")[0].GetProperty("id").GetString()}");
        var page = await SignedInPageAsync(email);
        await GoInteractiveAsync(page, "/organizer/applications");
        await page.GetByLabel("Application ID").FillAsync($"com.a11y.app{Guid.NewGuid():N}");
        await page.GetByLabel("Channel code").FillAsync("a11y");
        await page.GetByTestId("app-register").ClickAsync();
        await Assertions.Expect(page.GetByTestId("app-key")).ToContainTextAsync("tpk_");
        await Assertions.Expect(page.GetByTestId("apps")).ToContainTextAsync(old.ApplicationId);
        return page;
    }

    /// <summary>The organizer's view of a request in review: history, reason and comment fields, action buttons.</summary>
    private async Task<IPage> RequestAsync()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        var request = await buyer.OpenAsync("refund_request", ticketId);
        await sale.Organizer.ActOkAsync(request, "review");
        var page = await SignedInPageAsync(sale.OrganizerEmail);
        await GoInteractiveAsync(page, $"/requests/{request.GetProperty("id").GetString()}");
        await Assertions.Expect(page.GetByTestId("action-approve")).ToBeVisibleAsync();
        return page;
    }

    private async Task<IPage> InboxAsync()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        await buyer.OpenAsync("general_question", ticketId);
        var page = await SignedInPageAsync(sale.OrganizerEmail);
        await GoInteractiveAsync(page, "/organizer/requests");
        await Assertions.Expect(page.GetByTestId("requests").Locator("tbody tr")).ToHaveCountAsync(1);
        return page;
    }

    private async Task<IPage> WorkflowsAsync()
    {
        var page = await SignedInPageAsync(await portal.CreateUserAsync(Roles.Organizer));
        await GoInteractiveAsync(page, "/organizer/workflows");
        await Assertions.Expect(page.GetByTestId("workflow-json")).ToContainTextAsync("initial_state");
        return page;
    }
}
