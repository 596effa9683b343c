using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TicketPortal.Setup;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Browser;

[Collection(PortalCollection.Name)]
public sealed class OrganizerJourneyTests(PortalFactory portal, BrowserFixture browser)
{
    private Task<IPage> NewPageAsync() => browser.NewPageAsync(portal);

    private static Task WaitInteractiveAsync(IPage page) => page.WaitInteractiveAsync();

    private static async Task FillAsync(IPage page, string testId, string value)
    {
        var input = page.Locator($"[data-testid={testId}] input, [data-testid={testId}] textarea").First;
        await input.FillAsync(value);
        await input.BlurAsync();
    }

    [Fact]
    public async Task Organizer_CreatesAndPublishesAnEvent_AndAVisitorFindsItInTheCatalog()
    {
        var title = $"Lantern Festival {Guid.NewGuid().ToString("N")[..8]}";
        var start = DateTime.UtcNow.Date.AddDays(40).AddHours(19).AddMinutes(30);

        // The organizer logs in.
        var organizer = await NewPageAsync();
        await organizer.LogInAsync(DemoData.OrganizerEmail);

        // …creates an event…
        await organizer.GotoAsync("/organizer/events/new");
        await WaitInteractiveAsync(organizer);
        await FillAsync(organizer, "title", title);
        await FillAsync(organizer, "venue", "Riverside Park");
        await FillAsync(organizer, "description", "Paper lanterns on the river at dusk.");
        await FillAsync(organizer, "start", start.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await FillAsync(organizer, "capacity", "150");
        await FillAsync(organizer, "tier-0-price", "12.50");
        await organizer.GetByTestId("save").ClickAsync();

        // …and publishes it from the list of their events.
        await Assertions.Expect(organizer).ToHaveURLAsync(new Regex("/organizer/events$"));
        await WaitInteractiveAsync(organizer);
        var actions = organizer.GetByTestId($"actions-{title}");
        await actions.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(actions.GetByRole(AriaRole.Button, new() { Name = "Unpublish" })).ToBeVisibleAsync();

        // An anonymous visitor searches the catalog and opens the event.
        var visitor = await NewPageAsync();
        await visitor.GotoAsync("/");
        await WaitInteractiveAsync(visitor);
        await visitor.Locator("[data-testid=search] input").FillAsync(title);
        var card = visitor.GetByTestId("event-card").Filter(new() { HasText = title });
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(visitor.GetByTestId("event-card")).ToHaveCountAsync(1);
        await card.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();

        await Assertions.Expect(visitor.GetByTestId("event-title")).ToHaveTextAsync(title);
        await Assertions.Expect(visitor.GetByTestId("remaining")).ToHaveTextAsync("150 of 150 tickets left");
        await Assertions.Expect(visitor.GetByRole(AriaRole.Cell, new() { Name = "12.50 EUR", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Attendee_CannotOpenTheOrganizerPages()
    {
        var page = await NewPageAsync();
        await page.LogInAsync(DemoData.AttendeeEmail);

        await page.GotoAsync("/organizer/events");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/access-denied"));
    }

    [Fact]
    public async Task Visitor_RegistersAsOrganizer_LandsOnTheirEvents_AndLogsOut()
    {
        var email = $"new-organizer-{Guid.NewGuid():N}@test.local";
        var page = await NewPageAsync();
        await page.GotoAsync("/account/register");
        await page.FillAsync("#name", "Pop-up Theatre");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", "short");
        await page.FillAsync("#confirm", "different");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByText("Use at least 8 characters.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("The passwords do not match.")).ToBeVisibleAsync();

        await page.FillAsync("#password", "Stage-door-42");
        await page.FillAsync("#confirm", "Stage-door-42");
        await page.CheckAsync("#organizer");
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/organizer/events$"));
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(email);
        await Assertions.Expect(page.GetByText("You have no events yet.")).ToBeVisibleAsync();

        await WaitInteractiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToBeVisibleAsync();
    }
}
