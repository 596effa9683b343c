using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using TicketPortal.Domain.Accounts;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Browser;

/// <summary>WCAG 2.2 AA: axe-core finds no serious or critical violation on the portal's pages, each opened
/// with the data that makes it show its chips, buttons and forms.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class AccessibilityTests(PortalFactory portal, BrowserFixture browser)
{
    private static readonly AxeRunOptions WcagAA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        ResultTypes = [ResultType.Violations],
    };

    public static TheoryData<string> Pages =>
    [
        "catalog", "event", "login", "register", "sandbox card", "ticket", "my tickets", "my events", "sales dashboard", "event form",
        "operations", "seat picker", "seat map editor", "api applications", "request", "request inbox", "workflows",
        "paid ticket", "check-in scanner", "forgot password", "reset password",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_HasNoSeriousOrCriticalWcagViolations(string name)
    {
        var page = await OpenAsync(name);
        // Colours are checked as they settle, not halfway through a transition: a MudBlazor label sampled while its
        // colour animated read 4.49:1 once, against 4.5:1 at rest.
        await page.AddStyleTagAsync(new() { Content = "*, *::before, *::after { transition: none !important; animation: none !important; }" });

        var result = await page.RunAxe(WcagAA);

        var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, Describe(name, page.Url, blocking));
    }

    /// <summary>Opens the page as the user who sees most of it, and waits until its content is there.</summary>
    private Task<IPage> OpenAsync(string name) => name switch
    {
        "catalog" => CatalogAsync(),
        "event" => EventAsync(),
        "login" => StaticPageAsync("/account/login", "#email"),
        "register" => StaticPageAsync("/account/register", "#organizer"),
        "forgot password" => StaticPageAsync("/account/forgot-password", "#email"),
        "reset password" => StaticPageAsync("/account/reset-password?email=someone%40test.local&code=c29tZS1jb2Rl", "#confirm"),
        "sandbox card" => SandboxCardAsync(),
        "ticket" => TicketAsync(),
        "my tickets" => MyTicketsAsync(),
        "my events" => MyEventsAsync(),
        "sales dashboard" => SalesDashboardAsync(),
        "event form" => EventFormAsync(),
        "operations" => OperationsAsync(),
        "seat picker" => SeatPickerAsync(),
        "seat map editor" => SeatMapEditorAsync(),
        "api applications" => ApplicationsAsync(),
        "request" => RequestAsync(),
        "request inbox" => InboxAsync(),
        "workflows" => WorkflowsAsync(),
        "paid ticket" => PaidTicketAsync(),
        "check-in scanner" => ScannerAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such page"),
    };

    private async Task<IPage> CatalogAsync()
    {
        await portal.PublishedEventAsync();
        var page = await browser.NewPageAsync(portal);
        await GoInteractiveAsync(page, "/");
        await Assertions.Expect(page.GetByTestId("event-card").First).ToBeVisibleAsync();
        return page;
    }

    private async Task<IPage> EventAsync()
    {
        var sale = await portal.PublishedEventAsync(tiers: 2);
        var page = await SignedInPageAsync(await portal.CreateUserAsync());
        await GoInteractiveAsync(page, $"/events/{sale.EventId}");
        await Assertions.Expect(page.GetByTestId("buy")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("buy-error")).ToHaveCountAsync(0);
        return page;
    }

    /// <summary>The account pages render as plain HTTP (they set cookies): nothing becomes interactive there.</summary>
    private async Task<IPage> StaticPageAsync(string path, string field)
    {
        var page = await browser.NewPageAsync(portal);
        await page.GotoAsync(path);
        await Assertions.Expect(page.Locator(field)).ToBeVisibleAsync();
        return page;
    }

    /// <summary>After a declined card, so the form shows its error message too.</summary>
    private async Task<IPage> SandboxCardAsync()
    {
        var (_, _, _, payment) = await portal.CheckoutStartedAsync();
        var page = await browser.NewPageAsync(portal);
        await page.GotoAsync(payment.GetProperty("redirectUrl").GetString()!);
        await page.FillAsync("input[name=name]", "Ada Buyer");
        await page.FillAsync("input[name=number]", Buying.DeclinedCard);
        await page.FillAsync("input[name=expiry]", "12 / 35");
        await page.FillAsync("input[name=cvc]", "123");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pay ") }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("card-error")).ToBeVisibleAsync();
        return page;
    }

    private async Task<IPage> TicketAsync()
    {
        var sale = await portal.PublishedEventAsync();
        var (email, buyer) = await BuyerAsync();
        var ticketId = await buyer.HeldTicketAsync(sale);
        await buyer.StartCheckoutAsync(ticketId);
        var page = await SignedInPageAsync(email);
        await GoInteractiveAsync(page, $"/tickets/{ticketId}");
        await Assertions.Expect(page.GetByTestId("hold-countdown")).ToContainTextAsync("Held for");
        return page;
    }

    /// <summary>Paid, so its QR codes show.</summary>
    private async Task<IPage> PaidTicketAsync()
    {
        var (email, ticketId, _) = await PaidForAccessibilityAsync(quantity: 2);
        var page = await SignedInPageAsync(email);
        await GoInteractiveAsync(page, $"/tickets/{ticketId}");
        await Assertions.Expect(page.GetByTestId("admission")).ToHaveCountAsync(2);
        return page;
    }

    /// <summary>After a scan typed in by hand: the result, the counter and the recent scans show.</summary>
    private async Task<IPage> ScannerAsync()
    {
        var (_, _, sale) = await PaidForAccessibilityAsync(quantity: 1);
        var page = await SignedInPageAsync(sale.OrganizerEmail);
        await GoInteractiveAsync(page, $"/organizer/events/{sale.EventId}/check-in");
        await page.GetByLabel("Code (typed or pasted)").FillAsync("TP1-not-a-code");
        await page.GetByTestId("check-manual").ClickAsync();
        await Assertions.Expect(page.GetByTestId("scan-result")).ToHaveAttributeAsync("data-admitted", "false");
        return page;
    }

    private async Task<(string Email, string TicketId, Buying.OnSale Sale)> PaidForAccessibilityAsync(int quantity)
    {
        var sale = await portal.PublishedEventAsync();
        var (email, buyer) = await BuyerAsync();
        var ticketId = await buyer.HeldTicketAsync(sale, quantity);
        await Buying.PayOnSandboxAsync((await buyer.StartCheckoutAsync(ticketId)).GetProperty("redirectUrl").GetString()!);
        await buyer.WaitForStatusAsync(ticketId, "Paid");
        return (email, ticketId, sale);
    }

    /// <summary>One paid ticket and one awaiting payment: both status chips show.</summary>
    private async Task<IPage> MyTicketsAsync()
    {
        var sale = await portal.PublishedEventAsync();
        var (email, buyer) = await BuyerAsync();
        var paid = await buyer.HeldTicketAsync(sale);
        await Buying.PayOnSandboxAsync((await buyer.StartCheckoutAsync(paid)).GetProperty("redirectUrl").GetString()!);
        await buyer.WaitForStatusAsync(paid, "Paid");
        await buyer.StartCheckoutAsync(await buyer.HeldTicketAsync(sale));
        var page = await SignedInPageAsync(email);
        await GoInteractiveAsync(page, "/tickets");
        await Assertions.Expect(page.GetByTestId("my-tickets").GetByTestId("ticket-status")).ToHaveCountAsync(2);
        return page;
    }

    /// <summary>A published, a draft and a cancelled event: every status chip and action button shows.</summary>
    private async Task<IPage> MyEventsAsync()
    {
        var sale = await portal.PublishedEventAsync();
        await DraftAsync(sale.Organizer, "Draft evening");
        var cancelled = await DraftAsync(sale.Organizer, "Cancelled matinee");
        await sale.Organizer.CancelEventAsync(cancelled);
        var page = await SignedInPageAsync(sale.OrganizerEmail);
        await GoInteractiveAsync(page, "/organizer/events");
        await Assertions.Expect(page.GetByTestId("events-grid").Locator("tbody tr")).ToHaveCountAsync(3);
        return page;
    }

    /// <summary>With one sale, so the chart and the figures show.</summary>
    private async Task<IPage> SalesDashboardAsync()
    {
        var sale = await portal.PublishedEventAsync();
        var buyer = await portal.NewUserClientAsync();
        var ticketId = await buyer.HeldTicketAsync(sale);
        await Buying.PayOnSandboxAsync((await buyer.StartCheckoutAsync(ticketId)).GetProperty("redirectUrl").GetString()!);
        await buyer.WaitForStatusAsync(ticketId, "Paid");
        var page = await SignedInPageAsync(sale.OrganizerEmail);
        await GoInteractiveAsync(page, $"/organizer/events/{sale.EventId}/dashboard");
        await Assertions.Expect(page.GetByTestId("sold")).ToHaveTextAsync("1");
        return page;
    }

    private async Task<IPage> EventFormAsync()
    {
        var page = await SignedInPageAsync(await portal.CreateUserAsync(Roles.Organizer));
        await GoInteractiveAsync(page, "/organizer/events/new");
        await Assertions.Expect(page.GetByTestId("save")).ToBeVisibleAsync();
        return page;
    }

    private async Task<IPage> SignedInPageAsync(string email)
    {
        var page = await browser.NewPageAsync(portal);
        await page.LogInAsync(email);
        return page;
    }

    private static async Task GoInteractiveAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitInteractiveAsync();
    }

    private async Task<(string Email, HttpClient Client)> BuyerAsync()
    {
        var email = await portal.CreateUserAsync();
        return (email, await portal.SignedInAsync(email));
    }

    private static async Task<string> DraftAsync(HttpClient organizer, string title)
    {
        var response = await organizer.PostAsJsonAsync("/api/v1/events", new
        {
            title, venue = "Test Hall", startDate = DateTime.UtcNow.AddDays(30), minutes = 60, capacity = 10,
            tiers = new[] { new { name = "Seat", price = 5m, currency = "EUR" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.BodyAsync()).GetProperty("event").GetProperty("id").GetString()!;
    }

    /// <summary>One line per rule (id, impact, what it checks), then each node: its selector, its HTML and what axe's checks say (e.g. the contrast ratio and colours).</summary>
    private static string Describe(string name, string url, List<AxeResultItem> violations)
    {
        var rules = violations.Select(v => $"- {v.Id} ({v.Impact}): {v.Help} [{v.Nodes.Length} node(s)]\n" + string.Join("\n", v.Nodes.Select(n =>
            $"    at {n.Target}\n      {n.Html}\n      {string.Join(" ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))}")));
        return $"{violations.Count} serious or critical WCAG violation(s) on the {name} page ({url}):\n" + string.Join("\n", rules);
    }
}
