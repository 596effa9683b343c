using Microsoft.Playwright;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Browser;

/// <summary>At the door in a real browser: Chromium's fake camera shows a ticket's QR code (the PNG the portal serves) to the
/// scanner page, which decodes it in the page and checks it in; the organizer's dashboard counts it live.</summary>
[Collection(PortalCollection.Name)]
public sealed class CheckInJourneyTests(PortalFactory portal, BrowserFixture browser)
{
    [Fact]
    public async Task TheScannerPage_ReadsTheCameraAndAdmits_WhileTheDashboardCountsLive()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        var png = await buyer.GetByteArrayAsync($"/api/v1/tickets/{ticketId}/admissions/1/qr");
        var video = FakeCamera.WriteY4m(png, Path.Combine(portal.DataDirectory, $"qr-{ticketId}.y4m"));

        var dashboard = await browser.NewPageAsync(portal);
        await dashboard.LogInAsync(sale.OrganizerEmail);
        await dashboard.GotoAsync($"/organizer/events/{sale.EventId}/dashboard");
        await dashboard.WaitInteractiveAsync();
        await Assertions.Expect(dashboard.GetByTestId("checked-in")).ToHaveTextAsync("0");

        using var playwright = await Playwright.CreateAsync();
        await using var camera = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-video-capture={video}",
            ],
        });
        var context = await camera.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.BaseAddress.ToString(), Permissions = ["camera"] });
        context.SetDefaultTimeout(20_000);
        var scanner = await context.NewPageAsync();
        await scanner.LogInAsync(sale.OrganizerEmail);
        await scanner.GotoAsync($"/organizer/events/{sale.EventId}/check-in");
        await scanner.WaitInteractiveAsync();
        await Assertions.Expect(scanner.GetByTestId("door-count")).ToHaveTextAsync("Checked in 0 of 1");

        await scanner.GetByTestId("start-camera").ClickAsync();

        var result = scanner.GetByTestId("scan-result");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-admitted", "true");
        await Assertions.Expect(result).ToContainTextAsync("Checked in");
        await Assertions.Expect(scanner.GetByTestId("door-count")).ToHaveTextAsync("Checked in 1 of 1");
        await Assertions.Expect(dashboard.GetByTestId("checked-in")).ToHaveTextAsync("1");

        // The code is still in front of the camera: a second look is refused, not a second admission.
        await scanner.GetByLabel("Code (typed or pasted)").FillAsync(await AdmissionCodeAsync(buyer, ticketId));
        await scanner.GetByTestId("check-manual").ClickAsync();
        await Assertions.Expect(result).ToHaveAttributeAsync("data-admitted", "false");
        await Assertions.Expect(result).ToContainTextAsync("Already checked in");
        await Assertions.Expect(scanner.GetByTestId("door-count")).ToHaveTextAsync("Checked in 1 of 1");
    }

    private static async Task<string> AdmissionCodeAsync(HttpClient holder, string ticketId) =>
        (await (await holder.GetAsync($"/api/v1/tickets/{ticketId}")).BodyAsync()).GetProperty("admissions")[0].GetProperty("code").GetString()!;
}
