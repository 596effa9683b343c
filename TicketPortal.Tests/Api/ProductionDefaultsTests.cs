using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using TicketPortal.Setup;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>A Production start behind a proxy: HTTPS and HSTS, forwarded headers from the configured proxy only,
/// security headers, secure cookies, Stripe return URLs on the public address, and a key ring that survives
/// a restart. Each on a portal process of its own, started as an operator would.</summary>
[Trait("Host", "Process")]
public sealed class ProductionDefaultsTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task BehindItsProxy_ThePortalIsHttpsOnly_SendsSecurityHeaders_AndSecureCookies_AndReturnsBuyersToItsPublicAddress()
    {
        await using var portal = PortalProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Stripe__Sandbox"] = "true",
            ["Demo__Seed"] = "true",
            ["ForwardedHeaders__KnownProxies"] = "127.0.0.1",
            ["https_port"] = "443",
            ["Portal__PublicBaseUrl"] = "https://tickets.example",
        });
        var address = await portal.AddressAsync(StartTimeout);
        using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
        using var viaProxy = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address };
        viaProxy.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        // HSTS is never sent to localhost addresses; the proxy passes the public host name.
        viaProxy.DefaultRequestHeaders.Host = "tickets.example";

        var insecure = await plain.GetAsync("/health");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, insecure.StatusCode);
        Assert.Equal("https", insecure.Headers.Location!.Scheme);

        var health = await viaProxy.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(health.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal("nosniff", health.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", health.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", health.Headers.GetValues("Content-Security-Policy").Single());

        var cookieLogin = await viaProxy.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email = DemoData.AttendeeEmail, password = DemoData.Password });
        Assert.Equal(HttpStatusCode.OK, cookieLogin.StatusCode);
        Assert.All(cookieLogin.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        var login = await viaProxy.PostAsJsonAsync("/api/v1/auth/login", new { email = DemoData.AttendeeEmail, password = DemoData.Password });
        viaProxy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await login.BodyAsync()).GetProperty("accessToken").GetString());
        var e = (await (await viaProxy.GetAsync("/api/v1/events")).BodyAsync()).GetProperty("events")[0];
        var hold = await viaProxy.PostAsJsonAsync("/api/v1/tickets",
            new { eventId = e.GetProperty("id").GetString(), priceTierId = e.GetProperty("tiers")[0].GetProperty("id").GetString(), quantity = 1 });
        Assert.True(hold.StatusCode == HttpStatusCode.Created, await hold.Content.ReadAsStringAsync());
        var ticketId = (await hold.BodyAsync()).GetProperty("ticket").GetProperty("id").GetString();
        var checkout = await (await viaProxy.PostAsync($"/api/v1/tickets/{ticketId}/start-checkout", null)).BodyAsync();
        var paid = await viaProxy.PostAsync(checkout.GetProperty("ticketPayment").GetProperty("redirectUrl").GetString(),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["name"] = "Ada Buyer", ["number"] = Buying.GoodCard, ["expiry"] = $"12 / {DateTime.UtcNow.Year % 100 + 3}", ["cvc"] = "123", ["zip"] = "10115",
            }));
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.StartsWith($"https://tickets.example/tickets/{ticketId}?checkout=success", paid.Headers.Location!.ToString());
    }

    [Fact]
    public async Task ARestart_KeepsEveryoneLoggedIn_BecauseTheKeyRingIsInTheDatabase()
    {
        var data = Directory.CreateTempSubdirectory("ticketportal-restart-");
        var settings = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["Demo__Seed"] = "true" };
        string token;
        await using (var first = PortalProcess.Start(settings, data))
        {
            using var client = new HttpClient { BaseAddress = await first.AddressAsync(StartTimeout) };
            var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = DemoData.AttendeeEmail, password = DemoData.Password });
            token = (await login.BodyAsync()).GetProperty("accessToken").GetString()!;
        }

        await using var second = PortalProcess.Start(settings, data);
        using var again = new HttpClient { BaseAddress = await second.AddressAsync(StartTimeout) };
        again.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/tickets")).StatusCode);
    }
}

/// <summary>Operation tickets survive a restart: a job queued by a process that stopped runs in the next one.</summary>
[Trait("Host", "Process")]
public sealed class OperationRestartTests
{
    [Fact]
    public async Task AnOperationQueuedBeforeARestart_CompletesAfterIt()
    {
        var data = Directory.CreateTempSubdirectory("ticketportal-restart-ops-");
        var settings = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["Demo__Seed"] = "true" };
        string location, token;
        // The first process queues the work but runs no jobs (as if it stopped before a worker took it).
        await using (var first = PortalProcess.Start(new Dictionary<string, string>(settings) { ["Hangfire__Server"] = "false" }, data))
        {
            using var client = new HttpClient { BaseAddress = await first.AddressAsync(TimeSpan.FromSeconds(60)) };
            var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = DemoData.AttendeeEmail, password = DemoData.Password });
            token = (await login.BodyAsync()).GetProperty("accessToken").GetString()!;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var e = (await (await client.GetAsync("/api/v1/events")).BodyAsync()).GetProperty("events")[0];
            var hold = await client.PostAsJsonAsync("/api/v1/tickets",
                new { eventId = e.GetProperty("id").GetString(), priceTierId = e.GetProperty("tiers")[0].GetProperty("id").GetString(), quantity = 1 });
            var ticketId = (await hold.BodyAsync()).GetProperty("ticket").GetProperty("id").GetString();
            var started = await client.PostAsJsonAsync("/api/v1/tickets/bulk-delete", new { ticketIds = new[] { ticketId } });
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            location = started.Headers.Location!.ToString();
            await Task.Delay(500);
            Assert.Equal("Pending", (await (await client.GetAsync(location)).BodyAsync()).GetProperty("operationTicket").GetProperty("status").GetString());
        }

        await using var second = PortalProcess.Start(settings, data);
        using var again = new HttpClient { BaseAddress = await second.AddressAsync(TimeSpan.FromSeconds(60)) };
        again.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await again.WaitForOperationAsync(location, "Completed");
    }
}
