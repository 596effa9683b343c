using System.Net;
using System.Text;
using TicketPortal.Domain.Accounts;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>Headers are input too: whatever a client sends, the answer is a 4xx ProblemDetails naming the
/// header, never a 5xx.</summary>
[Collection(PortalCollection.Name)]
public sealed class BadHeadersTests(PortalFactory portal)
{
    public static TheoryData<string, string> BadContentTypes => new()
    {
        { "/api/v1/events", "application/json; charset=foo" },
        { "/api/v1/tickets", "application/json; charset=foo" },
        { "/api/v1/auth/login", "application/json; charset=foo" },
        { "/api/v1/events", ";;;" },
        { "/api/v1/tickets", "application/json; charset=\"" },
    };

    [Theory]
    [MemberData(nameof(BadContentTypes))]
    public async Task JsonEndpoint_WithAnUndecodableContentType_Answers415NamingTheHeader(string path, string contentType)
    {
        var client = await portal.NewUserClientAsync(Roles.Organizer);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"title\":\"x\"}"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.BodyAsync();
        Assert.Equal(415, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty("Content-Type", out _));
    }

    [Fact]
    public async Task JsonEndpoint_WithAnExplicitUtf8Charset_StillWorks()
    {
        var client = await portal.NewUserClientAsync(Roles.Organizer);
        var content = new StringContent(System.Text.Json.JsonSerializer.Serialize(Json.NewEvent()), Encoding.UTF8, "application/json");
        Assert.Equal("utf-8", content.Headers.ContentType!.CharSet);

        var response = await client.PostAsync("/api/v1/events", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
