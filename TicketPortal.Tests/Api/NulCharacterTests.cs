using System.Net;
using System.Net.Http.Json;
using TicketPortal.Domain.Accounts;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>Text with the NUL character gets the same 400 naming the field on every provider (PostgreSQL cannot
/// store or compare it; these tests also run there).</summary>
[Collection(PortalCollection.Name)]
public sealed class NulCharacterTests(PortalFactory portal)
{
    [Fact]
    public async Task ASearchHoldingNul_Answers400NamingTheParameter()
    {
        var response = await portal.Anonymous().GetAsync("/api/v1/events?search=gala%00night");

        await AssertRefusedAsync(response, "search");
    }

    [Fact]
    public async Task AJsonFieldHoldingNul_Answers400NamingTheField_AndNothingIsSaved()
    {
        var organizer = await portal.NewUserClientAsync(Roles.Organizer);
        var title = $"Nul test {Guid.NewGuid():N}";

        await AssertRefusedAsync(await organizer.PostAsJsonAsync("/api/v1/events", Json.NewEvent(title + "\0")), "title");
        var tiers = new[] { new { name = "Stan\0dard", price = 20m, currency = "EUR" } };
        await AssertRefusedAsync(await organizer.PostAsJsonAsync("/api/v1/events", new
        {
            title, venue = "Hall", startDate = DateTime.UtcNow.AddDays(20), minutes = 60, capacity = 10, tiers,
        }), "tiers.name");

        var mine = await (await organizer.GetAsync("/api/v1/events/mine")).BodyAsync();
        Assert.Equal(0, mine.GetProperty("paging").GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task TheSixCharactersBackslashU0000_AreNotNul_AndAreKept()
    {
        var organizer = await portal.NewUserClientAsync(Roles.Organizer);
        var title = $"Escapes \\u0000 {Guid.NewGuid():N}";

        var response = await organizer.PostAsJsonAsync("/api/v1/events", Json.NewEvent(title));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(title, (await response.BodyAsync()).GetProperty("event").GetProperty("title").GetString());
    }

    [Theory]
    [InlineData(0)]            // one buffer: looked at in place
    [InlineData(20 * 1024)]    // several buffers, still looked at in place
    [InlineData(40 * 1024)]    // past the size looked at in place: buffered
    public async Task ABodyOfKnownLength_IsScannedWhateverItsSize_AndStillBindsWhenClean(int padding)
    {
        var organizer = await portal.NewUserClientAsync(Roles.Organizer);
        var title = $"Sized body {Guid.NewGuid():N}";
        // JSON allows any whitespace before its value; a string body has a Content-Length (JsonContent has none).
        StringContent Body(string eventTitle) => new(new string(' ', padding) + System.Text.Json.JsonSerializer.Serialize(Json.NewEvent(eventTitle)),
            System.Text.Encoding.UTF8, "application/json");

        await AssertRefusedAsync(await organizer.PostAsync("/api/v1/events", Body(title + "\0")), "title");
        var created = await organizer.PostAsync("/api/v1/events", Body(title));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(title, (await created.BodyAsync()).GetProperty("event").GetProperty("title").GetString());
    }

    [Fact]
    public async Task AFormFieldHoldingNul_Answers400()
    {
        var response = await portal.Anonymous().PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = "attendee@demo.test\0", ["Input.Password"] = "x",
        }));

        await AssertRefusedAsync(response, "Input.Email");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.BodyAsync();
        Assert.Contains("NUL", problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }
}
