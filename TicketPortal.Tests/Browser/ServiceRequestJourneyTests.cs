using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Browser;

/// <summary>Seed 003's journey in two browsers: an attendee asks for a refund from their ticket, the organizer handles it
/// from the inbox, and the attendee sees the request closed and the ticket refunded without reloading.</summary>
[Collection(PortalCollection.Name)]
public sealed class ServiceRequestJourneyTests(PortalFactory portal, BrowserFixture browser)
{
    [Fact]
    public async Task AnAttendeeAsksForARefund_TheOrganizerApprovesIt_AndTheAttendeeSeesItLive()
    {
        var (sale, buyerEmail, ticketId) = await PaidTicketOfAsync();
        var attendee = await browser.NewPageAsync(portal);
        await attendee.LogInAsync(buyerEmail);
        await attendee.GotoAsync($"/tickets/{ticketId}");
        await attendee.WaitInteractiveAsync();

        await attendee.GetByText("Ask for a refund").ClickAsync();
        await attendee.GetByLabel("Message for the organizer").FillAsync("I am ill and cannot come.");
        await attendee.GetByTestId("send-request").ClickAsync();
        await Assertions.Expect(attendee).ToHaveURLAsync(new Regex("/requests/[0-9a-f-]+$"));
        await attendee.WaitInteractiveAsync();
        await Assertions.Expect(attendee.GetByTestId("request-state")).ToHaveTextAsync("submitted");
        await Assertions.Expect(attendee.GetByTestId("ticket-status")).ToHaveTextAsync("Paid");

        var organizer = await browser.NewPageAsync(portal);
        await organizer.LogInAsync(sale.OrganizerEmail);
        await organizer.GotoAsync("/organizer/requests");
        await organizer.WaitInteractiveAsync();
        await organizer.GetByTestId("requests").GetByRole(AriaRole.Link).First.ClickAsync();
        await organizer.WaitInteractiveAsync();
        await Assertions.Expect(organizer.GetByText("I am ill and cannot come.")).ToBeVisibleAsync();
        await organizer.GetByTestId("action-review").ClickAsync();
        await Assertions.Expect(organizer.GetByTestId("request-state")).ToHaveTextAsync("in review");
        await organizer.GetByTestId("action-approve").ClickAsync();
        await Assertions.Expect(organizer.GetByTestId("request-state")).ToHaveTextAsync("approved · closed");

        // The attendee's page follows without a reload.
        await Assertions.Expect(attendee.GetByTestId("request-state")).ToHaveTextAsync("approved · closed");
        await Assertions.Expect(attendee.GetByTestId("ticket-status")).ToHaveTextAsync("Refunded");
        await Assertions.Expect(attendee.GetByTestId("request-history")).ToContainTextAsync("Approve");

        await attendee.GotoAsync("/requests");
        await Assertions.Expect(attendee.GetByTestId("requests")).ToContainTextAsync("approved");
    }

    [Fact]
    public async Task AnInvalidWorkflow_IsRefusedInThePortal_WithItsFault()
    {
        var organizer = await browser.NewPageAsync(portal);
        await organizer.LogInAsync(await portal.CreateUserAsync(TicketPortal.Domain.Accounts.Roles.Organizer));
        await organizer.GotoAsync("/organizer/workflows");
        await organizer.WaitInteractiveAsync();
        await organizer.GetByTestId("workflow-new").ClickAsync();
        // The template arrives from the server; typing before it lands would be overwritten by it.
        await Assertions.Expect(organizer.GetByLabel("Workflow document (JSON)")).ToHaveValueAsync(new Regex("my_workflow"));

        await organizer.GetByLabel("Workflow document (JSON)").FillAsync(
            """{"shortname":"broken","states":["a","b"],"initial_state":"a","closed_states":["b"],"transitions":[{"from":"a","action":"go","to":"z","roles":["organizer"]}]}""");
        await organizer.GetByTestId("workflow-save").ClickAsync();

        await Assertions.Expect(organizer.GetByTestId("workflow-errors")).ToContainTextAsync("Unknown state 'z' in transitions[0].to");
    }

    private async Task<(Buying.OnSale Sale, string BuyerEmail, string TicketId)> PaidTicketOfAsync()
    {
        var sale = await portal.PublishedEventAsync(price: 30m);
        var email = await portal.CreateUserAsync();
        var buyer = await portal.SignedInAsync(email);
        var ticketId = await buyer.HeldTicketAsync(sale);
        await Buying.PayOnSandboxAsync((await buyer.StartCheckoutAsync(ticketId)).GetProperty("redirectUrl").GetString()!);
        await buyer.WaitForStatusAsync(ticketId, "Paid");
        return (sale, email, ticketId);
    }
}
