using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Events;
using TicketPortal.Events;
using TicketPortal.Setup;
using TicketPortal.Tickets;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

[Collection(PortalCollection.Name)]
public sealed class PlatformTests(PortalFactory portal)
{
    [Fact]
    public async Task Health_ReportsTheDatabase()
    {
        var response = await portal.Anonymous().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        // The one instance dispatches (from its first round, a moment after start).
        var outbox = await Eventually.ReadUntilAsync(
            async () => (await (await portal.Anonymous().GetAsync("/health")).BodyAsync()).GetProperty("checks").GetProperty("outbox"),
            o => o.GetProperty("data").GetProperty("thisInstanceDispatches").GetBoolean(), TimeSpan.FromSeconds(10));
        Assert.Equal("Healthy", outbox.GetProperty("status").GetString());
        Assert.True(outbox.GetProperty("data").GetProperty("thisInstanceDispatches").GetBoolean());
        Assert.True(outbox.GetProperty("data").GetProperty("backlog").GetInt32() >= 0);
    }

    [Fact]
    public async Task OpenApi_DescribesTheEventRoutes_AndTheReferencePageIsServed()
    {
        var client = portal.Anonymous();
        var doc = await (await client.GetAsync("/openapi/v1.json")).BodyAsync();
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/events", out _));
        Assert.True(paths.TryGetProperty("/api/v1/events/{id}/publish", out _));
        Assert.True(paths.TryGetProperty("/api/v1/auth/login", out _));
        Assert.True(paths.TryGetProperty("/api/v1/tickets/{id}/start-checkout", out _));
        Assert.True(paths.TryGetProperty("/api/v1/ticket-payments/by-payment/{paymentId}", out _));
        Assert.Equal("bearer", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());

        var reference = await client.GetAsync("/api/reference");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("<html", await reference.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cors_AllowsOnlyConfiguredFrontEnds()
    {
        async Task<string?> PreflightAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/events");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            var response = await portal.Anonymous().SendAsync(request);
            return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
        }

        Assert.Equal(PortalFactory.AllowedOrigin, await PreflightAsync(PortalFactory.AllowedOrigin));
        Assert.Null(await PreflightAsync("https://evil.example"));
    }

    [Fact]
    public async Task HangfireDashboard_IsForAdminsOnly()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal.BaseAddress };
        var redirected = await anonymous.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.StartsWith("/account/login", redirected.Headers.Location?.PathAndQuery);

        Assert.Equal(HttpStatusCode.Forbidden, (await CookieClientAsync(DemoData.AttendeeEmail)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CookieClientAsync(DemoData.AdminEmail)).StatusCode);
    }

    private async Task<HttpResponseMessage> CookieClientAsync(string email)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal.BaseAddress };
        var login = await client.PostAsJsonAsync("/api/v1/auth/login?useCookies=true", new { email, password = DemoData.Password });
        login.EnsureSuccessStatusCode();
        var response = await client.GetAsync("/hangfire");
        // The cookie handler sends a forbidden page user to the access-denied page.
        return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("access-denied")
            ? new HttpResponseMessage(HttpStatusCode.Forbidden)
            : response;
    }

    [Fact]
    public async Task EndPastEventsJob_IsRecurring_AndEndsEventsWhenHangfireRunsIt()
    {
        using (var connection = JobStorage.Current.GetConnection())
        {
            var ids = connection.GetRecurringJobs().Select(j => j.Id).ToList();
            Assert.Contains(EndPastEventsJob.Id, ids);
            Assert.Contains(TicketJobs.ExpireHoldsId, ids);
            Assert.Contains(TicketJobs.RefreshCheckoutsId, ids);
            Assert.Contains(RetentionJob.Id, ids);
        }

        var id = await InsertPastEventAsync();
        RecurringJob.TriggerJob(EndPastEventsJob.Id);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        EventStatus status;
        do
        {
            await Task.Delay(250);
            await using var scope = portal.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            status = await db.Events.Where(e => e.Id == id).Select(e => e.Status).SingleAsync();
        } while (status != EventStatus.Ended && DateTime.UtcNow < deadline);

        Assert.Equal(EventStatus.Ended, status);
    }

    private async Task<Guid> InsertPastEventAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var organizer = await db.Users.FirstAsync(u => u.Email == DemoData.OrganizerEmail);
        // Straight to the entity: the validator rightly refuses a start in the past.
        var e = Event.Create(organizer.Id, new EventDraft
        {
            Title = "Yesterday's show", Venue = "Old Hall", StartDate = DateTime.UtcNow.AddDays(-1), Minutes = 60, Capacity = 10,
            Tiers = [new PriceTierDraft { Name = "Seat", Price = 10m, Currency = "EUR" }],
        });
        db.Events.Add(e);
        await db.SaveChangesAsync();
        return e.Id;
    }
}
