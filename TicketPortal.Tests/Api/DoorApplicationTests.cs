using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Domain.Accounts;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>Seed 002's API applications at the door: a device checks codes in by its application's PAC headers alone,
/// with no one signed in; an application registered for one event reaches that event and nothing else.</summary>
[Collection(PortalCollection.Name)]
public sealed class DoorApplicationTests(PortalFactory portal)
{
    [Fact]
    public async Task AnApplicationScopedToAnEvent_ChecksInAtItsDoor_ByItsHeadersAlone()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync(quantity: 2);
        var codes = (await buyer.AdmissionsAsync(ticketId)).Select(a => a.GetProperty("code").GetString()!).ToList();
        var other = await sale.Organizer.PublishEventAsync(sale.OrganizerEmail);
        var (otherBuyer, otherTicket) = await portal.PaidTicketAsync(other);
        var otherCode = (await otherBuyer.AdmissionsAsync(otherTicket))[0].GetProperty("code").GetString()!;
        var (app, dto) = await RegisterAsync(sale.Organizer, sale.EventId, name: "Turnstile 3");
        Assert.Equal(sale.EventId, dto.GetProperty("eventId").GetString());
        var device = DeviceOf(app);

        var admitted = await device.PostAsJsonAsync("/api/v1/check-ins", new { code = codes[0] });

        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        var checkIn = (await admitted.BodyAsync()).GetProperty("checkIn");
        Assert.Equal(ticketId, checkIn.GetProperty("ticketId").GetString());
        // Unnamed by the request, the device is called after its application; the scan is recorded as the application's.
        Assert.Equal("Turnstile 3", checkIn.GetProperty("device").GetString());
        Assert.Equal(dto.GetProperty("id").GetString(), checkIn.GetProperty("scannedByApplicationId").GetString());
        var again = await device.PostAsJsonAsync("/api/v1/check-ins", new { code = codes[0], device = "Turnstile 4" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Turnstile 3", (await again.BodyAsync()).GetProperty("detail").GetString());
        var door = (await (await device.GetAsync($"/api/v1/events/{sale.EventId}/check-ins")).BodyAsync()).GetProperty("door");
        Assert.Equal(1, door.GetProperty("checkedIn").GetInt32());
        Assert.Equal(2, door.GetProperty("admissions").GetInt32());

        // The organizer's other event is not this application's door, and the headers open nothing but the door.
        var elsewhere = await device.PostAsJsonAsync("/api/v1/check-ins", new { code = otherCode });
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Equal("This code is for another event.", (await elsewhere.BodyAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await device.GetAsync($"/api/v1/events/{other.EventId}/check-ins")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await device.GetAsync($"/api/v1/events/{sale.EventId}/tickets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await device.GetAsync($"/api/v1/tickets/{ticketId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await device.GetAsync("/api/v1/applications")).StatusCode);
    }

    [Fact]
    public async Task AnApplicationForAllEvents_ChecksInAtEachOfItsOrganizersDoors_AndNoOneElses()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        var other = await sale.Organizer.PublishEventAsync(sale.OrganizerEmail);
        var (otherBuyer, otherTicket) = await portal.PaidTicketAsync(other);
        var (strangerSale, strangerBuyer, strangerTicket) = await portal.PaidTicketAsync();
        var (app, dto) = await RegisterAsync(sale.Organizer, eventId: null);
        Assert.Equal(JsonValueKind.Null, dto.GetProperty("eventId").ValueKind);
        var device = DeviceOf(app);

        foreach (var (holder, id) in new[] { (buyer, ticketId), (otherBuyer, otherTicket) })
        {
            var code = (await holder.AdmissionsAsync(id))[0].GetProperty("code").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await device.PostAsJsonAsync("/api/v1/check-ins", new { code, device = "Main gate" })).StatusCode);
        }
        var strangersCode = (await strangerBuyer.AdmissionsAsync(strangerTicket))[0].GetProperty("code").GetString()!;
        Assert.Equal(HttpStatusCode.Forbidden, (await device.PostAsJsonAsync("/api/v1/check-ins", new { code = strangersCode })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await device.GetAsync($"/api/v1/events/{strangerSale.EventId}/check-ins")).StatusCode);
    }

    [Fact]
    public async Task WrongMissingOrRevokedHeaders_Get401NamingWhy()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        var code = (await buyer.AdmissionsAsync(ticketId))[0].GetProperty("code").GetString()!;
        var (app, dto) = await RegisterAsync(sale.Organizer, sale.EventId);

        await AssertRefusedAsync(DeviceOf(app with { Key = app.Key + "x" }), "do not name a registered, unrevoked application");
        await AssertRefusedAsync(DeviceOf(app with { ChannelCode = "another-channel" }), "PAC-Channel-Code is not this application's channel");
        var partial = portal.Anonymous();
        partial.DefaultRequestHeaders.Add("PAC-Application-ID", app.ApplicationId);
        await AssertRefusedAsync(partial, "all three of PAC-Application-ID, PAC-API-Key and PAC-Channel-Code");
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.Anonymous().PostAsJsonAsync("/api/v1/check-ins", new { code })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await sale.Organizer.DeleteAsync($"/api/v1/applications/{dto.GetProperty("id").GetString()}")).StatusCode);
        await AssertRefusedAsync(DeviceOf(app), "do not name a registered, unrevoked application");

        async Task AssertRefusedAsync(HttpClient device, string why)
        {
            var refused = await device.PostAsJsonAsync("/api/v1/check-ins", new { code });
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains(why, (await refused.BodyAsync()).GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task AnOrganizerWhoMayNoLongerOrganize_TakesTheirDoorDevicesWithThem()
    {
        var (sale, buyer, ticketId) = await portal.PaidTicketAsync();
        var code = (await buyer.AdmissionsAsync(ticketId))[0].GetProperty("code").GetString()!;
        var (app, _) = await RegisterAsync(sale.Organizer, sale.EventId);
        var device = DeviceOf(app);
        Assert.Equal(HttpStatusCode.OK, (await device.GetAsync($"/api/v1/events/{sale.EventId}/check-ins")).StatusCode);

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var organizer = (await users.FindByEmailAsync(sale.OrganizerEmail))!;
            Assert.True((await users.RemoveFromRoleAsync(organizer, Roles.Organizer)).Succeeded);
        }

        var refused = await device.PostAsJsonAsync("/api/v1/check-ins", new { code });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("may no longer organize", (await refused.BodyAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task DoorDevices_KeepTheirIdempotencyKeysApart()
    {
        var (first, firstBuyer, firstTicket) = await portal.PaidTicketAsync();
        var (second, secondBuyer, secondTicket) = await portal.PaidTicketAsync();
        var firstDevice = DeviceOf((await RegisterAsync(first.Organizer, first.EventId)).App);
        var secondDevice = DeviceOf((await RegisterAsync(second.Organizer, second.EventId)).App);
        var key = Guid.NewGuid().ToString();

        foreach (var (device, holder, ticket) in new[] { (firstDevice, firstBuyer, firstTicket), (secondDevice, secondBuyer, secondTicket) })
        {
            var code = (await holder.AdmissionsAsync(ticket))[0].GetProperty("code").GetString()!;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/check-ins") { Content = JsonContent.Create(new { code }) };
            request.Headers.Add("Idempotency-Key", key);
            // The same key from another organizer's device is another request, not a reuse of the first one's key.
            var response = await device.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            Assert.Equal(ticket, (await response.BodyAsync()).GetProperty("checkIn").GetProperty("ticketId").GetString());
        }
    }

    [Fact]
    public async Task AnApplication_IsScopedOnlyToItsOrganizersOwnEvent()
    {
        var mine = await portal.PublishedEventAsync();
        var theirs = await portal.PublishedEventAsync();

        var refused = await mine.Organizer.PostAsJsonAsync("/api/v1/applications",
            new { applicationId = $"com.test.app{Guid.NewGuid():N}", channelCode = "door", eventId = theirs.EventId });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("is not one of your events", (await refused.BodyAsync()).GetProperty("errors").GetProperty("eventId")[0].GetString());
    }

    [Fact]
    public async Task AnApplicationScopedToAnEvent_LocksOnlyThatEventsSeats()
    {
        var seated = await portal.SeatedEventAsync();
        var other = await seated.Sale.Organizer.PublishEventAsync(seated.Sale.OrganizerEmail);
        var map = await seated.Sale.Organizer.PutAsJsonAsync($"/api/v1/events/{other.EventId}/seat-map",
            new { sections = new[] { new { name = "Balcony", rows = "A", seatsPerRow = 2, priceTierId = other.TierIds[0] } } });
        Assert.Equal(HttpStatusCode.OK, map.StatusCode);
        var otherToken = (await map.BodyAsync()).GetProperty("seatMap").GetProperty("seats")[0].GetProperty("token").GetString()!;
        var (app, _) = await RegisterAsync(seated.Sale.Organizer, seated.Sale.EventId);

        var (response, body) = await portal.SendLockAsync(app, "lock", [seated.Tokens[0], otherToken]);

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        Assert.Equal([seated.Tokens[0]], Seating.TokensOf(body, "success"));
        var failure = Assert.Single(body.GetProperty("failure").EnumerateArray());
        Assert.Equal(otherToken, failure.GetProperty("token").GetString());
        Assert.Equal("INVALID_TOKEN", failure.GetProperty("type").GetString());
    }

    private static async Task<(Seating.Application App, JsonElement Dto)> RegisterAsync(HttpClient organizer, string? eventId, string name = "Door app")
    {
        var id = $"com.test.door{Guid.NewGuid():N}";
        var response = await organizer.PostAsJsonAsync("/api/v1/applications", new { applicationId = id, channelCode = "door", name, eventId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dto = (await response.BodyAsync()).GetProperty("application");
        return (new Seating.Application(id, dto.GetProperty("apiKey").GetString()!, "door", organizer.DefaultRequestHeaders.Authorization!.Parameter!), dto);
    }

    /// <summary>A client that sends the application's three PAC headers and nothing else: no cookie, no bearer token.</summary>
    private HttpClient DeviceOf(Seating.Application app)
    {
        var client = portal.Anonymous();
        client.DefaultRequestHeaders.Add("PAC-Application-ID", app.ApplicationId);
        client.DefaultRequestHeaders.Add("PAC-API-Key", app.Key);
        client.DefaultRequestHeaders.Add("PAC-Channel-Code", app.ChannelCode);
        return client;
    }
}
