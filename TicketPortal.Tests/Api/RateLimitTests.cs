using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using TicketPortal.Setup;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>Log in, register, holds and the sandbox card page are rate limited: 429, Retry-After, ProblemDetails.
/// Run on a portal process of its own with low limits (the shared test host logs in far too often).</summary>
[Trait("Host", "Process")]
public sealed class RateLimitTests
{
    [Fact]
    public async Task Login_Holds_AndCardPage_AnswerTooManyRequests_WithRetryAfter_OnceTheirLimitIsSpent()
    {
        await using var portal = PortalProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Demo__Seed"] = "true",
            ["RateLimits__AuthPerMinute"] = "3",
            ["RateLimits__HoldsPerMinute"] = "2",
            ["RateLimits__CardPagePerMinute"] = "1",
        });
        using var client = new HttpClient { BaseAddress = await portal.AddressAsync(TimeSpan.FromSeconds(60)) };

        // Two failed logins and one good one spend the three attempts; the fourth is refused.
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await Login(client, "wrong-password")).StatusCode);
        var login = await Login(client, DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        await AssertTooManyAsync(await Login(client, DemoData.Password));

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await login.BodyAsync()).GetProperty("accessToken").GetString());
        var e = (await (await client.GetAsync("/api/v1/events")).BodyAsync()).GetProperty("events")[0];
        var hold = new { eventId = e.GetProperty("id").GetString(), priceTierId = e.GetProperty("tiers")[0].GetProperty("id").GetString(), quantity = 1 };
        var first = await client.PostAsJsonAsync("/api/v1/tickets", hold);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/tickets", hold)).StatusCode);
        await AssertTooManyAsync(await client.PostAsJsonAsync("/api/v1/tickets", hold));

        var ticketId = (await first.BodyAsync()).GetProperty("ticket").GetProperty("id").GetString();
        var checkout = await (await client.PostAsync($"/api/v1/tickets/{ticketId}/start-checkout", null)).BodyAsync();
        var cardPage = checkout.GetProperty("ticketPayment").GetProperty("redirectUrl").GetString()!;
        var card = new FormUrlEncodedContent(new Dictionary<string, string> { ["number"] = "1234" });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(cardPage)).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.PostAsync(cardPage, card)).StatusCode);
        await AssertTooManyAsync(await client.PostAsync(cardPage, card));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(cardPage)).StatusCode);

        // The portal's own log-in form shares the limit of its client address, which is spent.
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
            { BaseAddress = client.BaseAddress };
        var form = await browser.GetStringAsync("/account/login");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        await AssertTooManyAsync(await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token,
            ["Input.Email"] = DemoData.AttendeeEmail, ["Input.Password"] = DemoData.Password,
        })));
    }

    private static Task<HttpResponseMessage> Login(HttpClient client, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { email = DemoData.AttendeeEmail, password });

    private static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        var problem = await response.BodyAsync();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains("try again in", problem.GetProperty("detail").GetString());
    }
}
