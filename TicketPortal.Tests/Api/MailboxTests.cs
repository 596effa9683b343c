using System.Net;
using System.Net.Http.Json;
using TicketPortal.Setup;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>Without SMTP: in Development the mail goes to the development mailbox (each user reads their own), outside
/// Development it waits, with a warning at start-up, and no mailbox switches on.</summary>
[Trait("Host", "Process")]
public sealed class MailboxTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task InDevelopment_APaidTicketsConfirmation_IsInItsHoldersMailbox_AndNobodyElses()
    {
        var data = Directory.CreateTempSubdirectory("ticketportal-mailbox-");
        await using var portal = PortalProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Demo__Seed"] = "true",
            ["Hangfire__PollSeconds"] = "1",
        }, data);
        var address = await portal.AddressAsync(StartTimeout);
        Assert.Contains("e-mail goes to the development mailbox", portal.Output);
        var organizer = await PortalPair.SignedInAsync(address, DemoData.OrganizerEmail);
        var created = await organizer.PostAsJsonAsync("/api/v1/events", new
        {
            title = "Mailbox night", venue = "Hall", startDate = DateTime.UtcNow.AddDays(5), minutes = 60, capacity = 10, maxPerBuyer = 10,
            tiers = new[] { new { name = "Free", price = 0m, currency = "EUR" } },
        });
        var eventId = (await created.BodyAsync()).GetProperty("event").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await organizer.PostAsync($"/api/v1/events/{eventId}/publish", null)).StatusCode);
        var buyer = await PortalPair.SignedInAsync(address, DemoData.AttendeeEmail);
        var hold = await buyer.PostAsJsonAsync("/api/v1/tickets", new { eventId, quantity = 1 });
        var ticketId = (await hold.BodyAsync()).GetProperty("ticket").GetProperty("id").GetString();
        // A free tier is paid the moment checkout starts.
        Assert.Equal(HttpStatusCode.OK, (await buyer.PostAsync($"/api/v1/tickets/{ticketId}/start-checkout", null)).StatusCode);

        var page = await Eventually.ReadUntilAsync(() => buyer.GetStringAsync("/mailbox"), html => html.Contains("Your tickets for Mailbox night"), TimeSpan.FromSeconds(30));

        Assert.Contains("Your tickets for Mailbox night", page);
        Assert.Contains("were <strong>not sent</strong>", page);
        Assert.Contains("data:image/png;base64,", page);
        Assert.Contains($"/tickets/{ticketId}", page);
        Assert.DoesNotContain("Mailbox night", await organizer.GetStringAsync("/mailbox"));
    }

    [Fact]
    public async Task OutsideDevelopment_WithoutSmtp_TheStartWarns_AndNoMailboxSwitchesOn()
    {
        await using var portal = PortalProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Stripe__Sandbox"] = "true",
        });

        var address = await portal.AddressAsync(StartTimeout);

        Assert.Contains("e-mail to buyers waits in the database", portal.Output);
        Assert.DoesNotContain("development mailbox", portal.Output);
        var buyer = await PortalPair.SignedInAsync(address, await RegisterAsync(address));
        Assert.Contains("The development mailbox is off", await buyer.GetStringAsync("/mailbox"));
    }

    private static async Task<string> RegisterAsync(Uri address)
    {
        var email = $"buyer-{Guid.NewGuid():N}@test.local";
        using var client = new HttpClient { BaseAddress = address };
        (await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = DemoData.Password })).EnsureSuccessStatusCode();
        return email;
    }
}
