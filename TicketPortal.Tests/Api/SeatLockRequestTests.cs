using System.Net;
using System.Net.Http.Json;
using TicketPortal.Domain.Accounts;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>Seed 002's lock and unlock at the door: every required header, bad bodies, gzip, the API applications
/// that the PAC headers name, and the README's examples against the demo data.</summary>
[Collection(PortalCollection.Name)]
public sealed class SeatLockRequestTests(PortalFactory portal)
{
    [Theory]
    [InlineData("User-Agent", 400, "BAD_REQUEST")]
    [InlineData("Authorization", 401, "UNAUTHORIZED")]
    [InlineData("Accept", 400, "BAD_REQUEST")]
    [InlineData("Content-Type", 415, "UNSUPPORTED_MEDIA_TYPE")]
    [InlineData("PAC-Application-ID", 400, "BAD_REQUEST")]
    [InlineData("PAC-API-Key", 400, "BAD_REQUEST")]
    [InlineData("PAC-Channel-Code", 400, "BAD_REQUEST")]
    [InlineData("Request-ID", 400, "BAD_REQUEST")]
    public async Task EachMissingHeader_GetsAClear4xx_InTheSeedErrorShape(string header, int status, string type)
    {
        var seated = await portal.SeatedEventAsync(rows: "A", perRow: 1);
        var app = await seated.Sale.Organizer.ApplicationAsync();

        var (response, body) = await portal.SendLockAsync(app, "unlock", seated.Tokens, without: header);

        Assert.Equal(status, (int)response.StatusCode);
        var error = body.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal($"MS-{status}", error.GetProperty("appErrorCode").GetString());
        Assert.Contains(header, error.GetProperty("developerMessage").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(header != "Request-ID", response.Headers.Contains("Request-ID"));
    }

    [Theory]
    [InlineData("User-Agent", "not a product", 400)]
    [InlineData("Authorization", "Bearer not-a-token", 401)]
    [InlineData("Authorization", "Basic dXNlcjpwYXNz", 401)]
    [InlineData("Accept", "text/html", 406)]
    [InlineData("PAC-API-Key", "tpk_wrong", 401)]
    [InlineData("PAC-Channel-Code", "someone-else", 403)]
    [InlineData("Request-ID", "not-a-uuid", 400)]
    public async Task AWrongHeader_GetsAClear4xx(string header, string value, int status)
    {
        var seated = await portal.SeatedEventAsync(rows: "A", perRow: 1);
        var app = await seated.Sale.Organizer.ApplicationAsync();
        var request = Seating.LockRequest(app, "lock", seated.Tokens);
        request.Headers.Remove(header);
        request.Headers.TryAddWithoutValidation(header, value);

        var response = await portal.Anonymous().SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal($"MS-{status}", (await response.BodyAsync()).GetProperty("error").GetProperty("appErrorCode").GetString());
        Assert.False((await seated.Sale.Organizer.SeatMapAsync(seated.Sale.EventId)).GetProperty("seats")[0].GetProperty("isLocked").GetBoolean());
    }

    [Fact]
    public async Task BadBodies_AreRefusedInTheSeedShape_NeverA5xx()
    {
        var seated = await portal.SeatedEventAsync(rows: "A", perRow: 1);
        var app = await seated.Sale.Organizer.ApplicationAsync();
        foreach (var (body, status) in new[] { ("{not json", 400), ("[]", 422), ("{\"tokens\": \"abc\"}", 422), ("{\"tokens\": [1, 2]}", 422), ("{\"tokens\": []}", 422), ("", 400) })
        {
            var request = Seating.LockRequest(app, "lock", []);
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            var response = await portal.Anonymous().SendAsync(request);
            Assert.Equal(status, (int)response.StatusCode);
            Assert.True((await response.BodyAsync()).TryGetProperty("error", out _), body);
        }
    }

    [Fact]
    public async Task ARevokedApplication_IsRefused_AndAnotherOrganizersBearerCannotUseIt()
    {
        var seated = await portal.SeatedEventAsync(rows: "A", perRow: 1);
        var app = await seated.Sale.Organizer.ApplicationAsync();
        var stranger = await portal.NewUserClientAsync(Roles.Organizer);

        var borrowed = app with { BearerToken = stranger.DefaultRequestHeaders.Authorization!.Parameter! };
        Assert.Equal(HttpStatusCode.Forbidden, (await portal.SendLockAsync(borrowed, "lock", seated.Tokens)).Response.StatusCode);

        var list = await (await seated.Sale.Organizer.GetAsync("/api/v1/applications")).BodyAsync();
        var registered = list.GetProperty("applications").EnumerateArray().Single(a => a.GetProperty("applicationId").GetString() == app.ApplicationId);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, registered.GetProperty("apiKey").ValueKind);
        Assert.Equal(app.Key[^4..], registered.GetProperty("keyHint").GetString());
        Assert.Equal(HttpStatusCode.OK, (await seated.Sale.Organizer.DeleteAsync($"/api/v1/applications/{registered.GetProperty("id").GetString()}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.SendLockAsync(app, "lock", seated.Tokens)).Response.StatusCode);
    }

    [Fact]
    public async Task RegisteringAnApplication_ValidatesItsIdAndChannel()
    {
        var organizer = await portal.NewUserClientAsync(Roles.Organizer);
        var bad = await organizer.PostAsJsonAsync("/api/v1/applications", new { applicationId = "not reverse domain", channelCode = "" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.BodyAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("applicationId", out _));
        Assert.True(errors.TryGetProperty("channelCode", out _));
        var attendee = await portal.NewUserClientAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await attendee.PostAsJsonAsync("/api/v1/applications", new { applicationId = "com.x.y", channelCode = "c" })).StatusCode);
    }

    /// <summary>What the README's curl examples send, against the demo data.</summary>
    [Fact]
    public async Task TheReadmesExamples_WorkAgainstTheDemoData()
    {
        var organizer = await portal.SignedInAsync(TicketPortal.Setup.DemoData.OrganizerEmail);
        var demo = new Seating.Application(TicketPortal.Setup.DemoData.ApplicationId, TicketPortal.Setup.DemoData.ApiKey,
            TicketPortal.Setup.DemoData.ChannelCode, organizer.DefaultRequestHeaders.Authorization!.Parameter!);
        string[] tokens = ["c4c2a883109d930dc9f571b6dc3ba280", "b650fa02614995f8f21d0eab69238545"];
        Assert.Equal(tokens, new[] { TicketPortal.Setup.DemoData.DemoToken("Stalls", "A", 1), TicketPortal.Setup.DemoData.DemoToken("Stalls", "A", 2) });

        var (locked, lockedBody) = await portal.SendLockAsync(demo, "lock", tokens);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal(tokens, Seating.TokensOf(lockedBody, "success"));
        var (unlocked, _) = await portal.SendLockAsync(demo, "unlock", tokens);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
    }

    [Fact]
    public async Task GzipIsSupported()
    {
        var seated = await portal.SeatedEventAsync(rows: "A", perRow: 1);
        var app = await seated.Sale.Organizer.ApplicationAsync();
        var request = Seating.LockRequest(app, "lock", seated.Tokens);
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var raw = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = portal.BaseAddress };

        var response = await raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        await using var unzipped = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        var body = await System.Text.Json.JsonDocument.ParseAsync(unzipped);
        Assert.Equal(seated.Tokens, Seating.TokensOf(body.RootElement, "success"));
    }
}
