using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TicketPortal.Domain.Accounts;
using TicketPortal.Setup;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

[Collection(PortalCollection.Name)]
public sealed class EventsApiTests(PortalFactory portal)
{
    private async Task<(HttpClient Client, JsonElement Event)> CreateDraftAsync(HttpClient? organizer = null, object? body = null)
    {
        organizer ??= await portal.NewUserClientAsync(Roles.Organizer);
        var response = await organizer.PostAsJsonAsync("/api/v1/events", body ?? Json.NewEvent());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (organizer, (await response.BodyAsync()).GetProperty("event"));
    }

    [Fact]
    public async Task Browse_ReturnsPublishedEventsInTheSeedEnvelope()
    {
        var response = await portal.Anonymous().GetAsync("/api/v1/events?pageSize=2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal("OK", body.GetProperty("status").GetString());
        Assert.Equal("200", body.GetProperty("statusCode").GetString());
        Assert.True(body.GetProperty("elapsedMs").GetInt64() >= 0);
        Assert.Equal("db", body.GetProperty("source").GetString());
        Assert.Equal("events", body.GetProperty("dataName").GetString());
        Assert.Equal("getList", body.GetProperty("action").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("appVersion").GetString()));
        Assert.Equal(2, body.GetProperty("rowCount").GetInt32());
        Assert.Equal(2, body.GetProperty("events").GetArrayLength());
        Assert.True(body.GetProperty("paging").GetProperty("totalCount").GetInt32() >= 4);
        Assert.All(body.GetProperty("events").EnumerateArray(), e => Assert.Equal("Published", e.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Browse_FiltersBySearchAndDateWindow()
    {
        var start = DateTime.UtcNow.Date.AddDays(200).AddHours(18);
        var title = $"Searchable Gala {Guid.NewGuid():N}";
        var (organizer, created) = await CreateDraftAsync(body: Json.NewEvent(title, start: start));
        await organizer.PostAsync($"/api/v1/events/{created.GetProperty("id")}/publish", null);
        var anonymous = portal.Anonymous();

        var bySearch = await (await anonymous.GetAsync($"/api/v1/events?search={Uri.EscapeDataString(title[..20])}&pageSize=100")).BodyAsync();
        Assert.Contains(bySearch.GetProperty("events").EnumerateArray(), e => e.GetProperty("title").GetString() == title);

        var inWindow = await (await anonymous.GetAsync($"/api/v1/events?from={start.AddDays(-1):O}&to={start.AddDays(1):O}&pageSize=100")).BodyAsync();
        Assert.Contains(inWindow.GetProperty("events").EnumerateArray(), e => e.GetProperty("title").GetString() == title);

        var outOfWindow = await (await anonymous.GetAsync($"/api/v1/events?to={start.AddDays(-1):O}&pageSize=100")).BodyAsync();
        Assert.DoesNotContain(outOfWindow.GetProperty("events").EnumerateArray(), e => e.GetProperty("title").GetString() == title);
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("page=2147483647", "page")]
    [InlineData("from=2030-01-02&to=2030-01-01", "to")]
    [InlineData("from=not-a-date", "from")]
    public async Task Browse_WithBadQuery_ReturnsProblemNamingTheField(string query, string field)
    {
        var response = await portal.Anonymous().GetAsync($"/api/v1/events?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.BodyAsync();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Create_AsOrganizer_ReturnsCreatedDraftWithLocation()
    {
        var organizer = await portal.NewUserClientAsync(Roles.Organizer);
        var response = await organizer.PostAsJsonAsync("/api/v1/events", Json.NewEvent("Created by API"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal("201", body.GetProperty("statusCode").GetString());
        Assert.Equal("event", body.GetProperty("dataName").GetString());
        Assert.Equal("create", body.GetProperty("action").GetString());
        Assert.Equal(1, body.GetProperty("rowCount").GetInt32());
        var created = body.GetProperty("event");
        Assert.Equal("Draft", created.GetProperty("status").GetString());
        Assert.Equal(2, created.GetProperty("tiers").GetArrayLength());
        Assert.Equal(100, created.GetProperty("remaining").GetInt32());
        Assert.Equal(1, created.GetProperty("recordVersion").GetInt32());
        Assert.EndsWith($"/api/v1/events/{created.GetProperty("id").GetString()}", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Create_Anonymously_Returns401Problem()
    {
        var response = await portal.Anonymous().PostAsJsonAsync("/api/v1/events", Json.NewEvent());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, (await response.BodyAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Create_AsAttendee_Returns403Problem()
    {
        var attendee = await portal.SignedInAsync(DemoData.AttendeeEmail);
        var response = await attendee.PostAsJsonAsync("/api/v1/events", Json.NewEvent());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(403, (await response.BodyAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Create_WithInvalidFields_ReturnsProblemNamingEachField()
    {
        var organizer = await portal.NewUserClientAsync(Roles.Organizer);
        var response = await organizer.PostAsJsonAsync("/api/v1/events", new
        {
            title = "",
            venue = "Hall",
            startDate = DateTime.UtcNow.AddDays(-1),
            minutes = 0,
            capacity = 10,
            tiers = new object[]
            {
                new { name = "A", price = -1m, currency = "EUR" },
                new { name = "B", price = 10m, currency = "USD" },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.BodyAsync()).GetProperty("errors");
        foreach (var field in new[] { "title", "startDate", "minutes", "tiers[0].price", "tiers[1].currency" })
            Assert.True(errors.TryGetProperty(field, out _), $"{field} missing in {errors}");
        Assert.Equal("Title is required.", errors.GetProperty("title")[0].GetString());
    }

    [Fact]
    public async Task Create_WithUnreadableJson_ReturnsProblemNamingTheField()
    {
        var organizer = await portal.NewUserClientAsync(Roles.Organizer);
        var json = """{"title":"x","venue":"y","capacity":"lots","minutes":10,"tiers":[]}""";
        var response = await organizer.PostAsync("/api/v1/events", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.BodyAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty("capacity", out _), problem.ToString());
    }

    [Fact]
    public async Task Get_UnknownEvent_Returns404Problem()
    {
        var response = await portal.Anonymous().GetAsync($"/api/v1/events/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, (await response.BodyAsync()).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Draft_IsHiddenFromOthers_UntilPublished_AndHiddenAgainWhenUnpublished()
    {
        var (organizer, created) = await CreateDraftAsync();
        var id = created.GetProperty("id").GetString();
        var anonymous = portal.Anonymous();

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/events/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await organizer.GetAsync($"/api/v1/events/{id}")).StatusCode);

        var published = await organizer.PostAsync($"/api/v1/events/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("publish", (await published.BodyAsync()).GetProperty("action").GetString());
        var seen = await (await anonymous.GetAsync($"/api/v1/events/{id}")).BodyAsync();
        Assert.Equal("Published", seen.GetProperty("event").GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await organizer.PostAsync($"/api/v1/events/{id}/unpublish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/events/{id}")).StatusCode);
    }

    [Fact]
    public async Task Update_ByOwner_ChangesDetailsAndBumpsRecordVersion()
    {
        var (organizer, created) = await CreateDraftAsync();
        var id = created.GetProperty("id").GetString();

        var response = await organizer.PutAsJsonAsync($"/api/v1/events/{id}", Json.NewEvent("Renamed event", capacity: 42));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = (await response.BodyAsync()).GetProperty("event");
        Assert.Equal("Renamed event", updated.GetProperty("title").GetString());
        Assert.Equal(42, updated.GetProperty("capacity").GetInt32());
        Assert.Equal(2, updated.GetProperty("recordVersion").GetInt32());
    }

    [Fact]
    public async Task Update_ByAnotherOrganizer_Returns404ForDraftAnd403ForPublished()
    {
        var (owner, created) = await CreateDraftAsync();
        var id = created.GetProperty("id").GetString();
        var other = await portal.NewUserClientAsync(Roles.Organizer);

        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/api/v1/events/{id}", Json.NewEvent())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/events/{id}/publish", null)).StatusCode);

        await owner.PostAsync($"/api/v1/events/{id}/publish", null);
        var forbidden = await other.PutAsJsonAsync($"/api/v1/events/{id}", Json.NewEvent("Hijacked"));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(403, (await forbidden.BodyAsync()).GetProperty("status").GetInt32());

        var unchanged = await (await portal.Anonymous().GetAsync($"/api/v1/events/{id}")).BodyAsync();
        Assert.NotEqual("Hijacked", unchanged.GetProperty("event").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Mine_ListsOnlyTheCallersEvents()
    {
        var (organizer, created) = await CreateDraftAsync();
        await CreateDraftAsync();

        var body = await (await organizer.GetAsync("/api/v1/events/mine")).BodyAsync();

        var ids = body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Equal([created.GetProperty("id").GetString()], ids);
    }

    [Fact]
    public async Task Mine_IsPagedFilteredAndSorted_AndRefusesAnUnknownSort()
    {
        var (organizer, _) = await CreateDraftAsync(body: Json.NewEvent("Bravo night"));
        await CreateDraftAsync(organizer, Json.NewEvent("Alpha morning"));
        await CreateDraftAsync(organizer, Json.NewEvent("Charlie noon"));

        var body = await (await organizer.GetAsync("/api/v1/events/mine?pageSize=2&sortBy=title")).BodyAsync();
        Assert.Equal(["Alpha morning", "Bravo night"], body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("title").GetString()!).ToArray());
        Assert.Equal(3, body.GetProperty("paging").GetProperty("totalCount").GetInt32());

        var filtered = await (await organizer.GetAsync("/api/v1/events/mine?search=charlie")).BodyAsync();
        Assert.Equal("Charlie noon", Assert.Single(filtered.GetProperty("events").EnumerateArray()).GetProperty("title").GetString());

        var refused = await organizer.GetAsync("/api/v1/events/mine?sortBy=price");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.BodyAsync()).GetProperty("errors").TryGetProperty("sortBy", out _));
    }

    [Fact]
    public async Task CancelledEvent_CannotBePublished_Returns409()
    {
        var (organizer, created) = await CreateDraftAsync();
        var id = created.GetProperty("id").GetString();
        await organizer.CancelEventAsync(id!);

        var response = await organizer.PostAsync($"/api/v1/events/{id}/publish", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("cancelled", (await response.BodyAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task UnknownApiRoute_Returns404Problem()
    {
        var response = await portal.Anonymous().GetAsync("/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
