using System.Net;
using System.Net.Http.Json;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

[Collection(PortalCollection.Name)]
public sealed class AuthApiTests(PortalFactory portal)
{
    [Fact]
    public async Task Register_ThenLogin_GivesABearerTokenForAnAttendee()
    {
        var email = $"api-user-{Guid.NewGuid():N}@test.local";
        var client = portal.Anonymous();

        var registered = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = "Api-user-123" });
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);

        var attendee = await portal.SignedInAsync(email, "Api-user-123");
        var info = await (await attendee.GetAsync("/api/v1/auth/manage/info")).BodyAsync();
        Assert.Equal(email, info.GetProperty("email").GetString());
        // Every new account is an attendee: it may browse but not create events.
        Assert.Equal(HttpStatusCode.Forbidden, (await attendee.PostAsJsonAsync("/api/v1/events", Json.NewEvent())).StatusCode);
    }

    [Fact]
    public async Task Login_WithWrongPassword_Returns401Problem()
    {
        var response = await portal.Anonymous().PostAsJsonAsync("/api/v1/auth/login", new { email = "organizer@demo.test", password = "wrong" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Register_WithWeakPassword_ReturnsProblemNamingTheRule()
    {
        var response = await portal.Anonymous().PostAsJsonAsync("/api/v1/auth/register", new { email = $"weak-{Guid.NewGuid():N}@test.local", password = "abc" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.BodyAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("PasswordTooShort", out _), errors.ToString());
    }
}
