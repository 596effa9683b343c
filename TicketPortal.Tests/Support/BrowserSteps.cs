using Microsoft.Playwright;

namespace TicketPortal.Tests.Support;

/// <summary>Steps every browser journey takes.</summary>
public static class BrowserSteps
{
    public static Task<IPage> NewPageAsync(this BrowserFixture browser, PortalFactory portal) => browser.NewPageAsync(portal.BaseAddress);

    /// <summary>A page in a fresh browser context (no cookies) on the portal at <paramref name="address"/>.</summary>
    public static async Task<IPage> NewPageAsync(this BrowserFixture browser, Uri address)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString() });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>Prerendered markup ignores clicks: wait until the circuit is live.</summary>
    public static Task WaitInteractiveAsync(this IPage page) =>
        page.Locator("#render-state[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public static async Task LogInAsync(this IPage page, string email, string password = TicketPortal.Setup.DemoData.Password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(email);
    }
}
