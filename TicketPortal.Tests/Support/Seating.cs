using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace TicketPortal.Tests.Support;

/// <summary>Steps shared by the reserved-seating tests: a seated event on sale, an API application, seed 002 calls.</summary>
public static class Seating
{
    public sealed record Seated(Buying.OnSale Sale, JsonElement[] Seats)
    {
        public string[] Tokens => Seats.Select(s => s.GetProperty("token").GetString()!).ToArray();
        public string SeatId(int i) => Seats[i].GetProperty("id").GetString()!;
    }

    public sealed record Application(string ApplicationId, string Key, string ChannelCode, string BearerToken);

    /// <summary>A published event laid out as one section of <paramref name="rows"/> × <paramref name="perRow"/> seats.</summary>
    public static async Task<Seated> SeatedEventAsync(this PortalFactory portal, string rows = "A-B", int perRow = 5, decimal price = 30m)
    {
        var sale = await portal.PublishedEventAsync(capacity: 1000, price: price);
        var map = await sale.Organizer.PutAsJsonAsync($"/api/v1/events/{sale.EventId}/seat-map",
            new { sections = new[] { new { name = "Stalls", rows, seatsPerRow = perRow, priceTierId = sale.TierIds[0] } } });
        Assert.Equal(HttpStatusCode.OK, map.StatusCode);
        return new Seated(sale, (await map.BodyAsync()).GetProperty("seatMap").GetProperty("seats").EnumerateArray().ToArray());
    }

    public static Task<HttpResponseMessage> PickAsync(this HttpClient buyer, Seated seated, params string[] seatIds) =>
        buyer.PostAsJsonAsync("/api/v1/tickets", new { eventId = seated.Sale.EventId, seatIds });

    public static async Task<JsonElement> SeatMapAsync(this HttpClient client, string eventId) =>
        (await (await client.GetAsync($"/api/v1/events/{eventId}/seats")).BodyAsync()).GetProperty("seatMap");

    public static async Task<string> SeatStatusAsync(this HttpClient client, string eventId, string seatId) =>
        (await client.SeatMapAsync(eventId)).GetProperty("seats").EnumerateArray()
        .Single(s => s.GetProperty("id").GetString() == seatId).GetProperty("status").GetString()!;

    /// <summary>Registers an API application for the organizer signed in on <paramref name="organizer"/>.</summary>
    public static async Task<Application> ApplicationAsync(this HttpClient organizer, string? channel = null)
    {
        var id = $"com.test.app{Guid.NewGuid():N}";
        var response = await organizer.PostAsJsonAsync("/api/v1/applications", new { applicationId = id, channelCode = channel ?? "test-channel", name = "Test app" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var app = (await response.BodyAsync()).GetProperty("application");
        return new Application(id, app.GetProperty("apiKey").GetString()!, channel ?? "test-channel", organizer.DefaultRequestHeaders.Authorization!.Parameter!);
    }

    /// <summary>A seed 002 request with every required header; <paramref name="without"/> leaves one out.</summary>
    public static HttpRequestMessage LockRequest(Application app, string verb, IEnumerable<string> tokens, string? without = null, string? requestId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/tickets/{verb}")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { tokens }), Encoding.UTF8, "application/json"),
        };
        var headers = new Dictionary<string, string>
        {
            ["User-Agent"] = "MyApplication/1.0",
            ["Authorization"] = $"Bearer {app.BearerToken}",
            ["Accept"] = "application/json",
            ["PAC-Application-ID"] = app.ApplicationId,
            ["PAC-API-Key"] = app.Key,
            ["PAC-Channel-Code"] = app.ChannelCode,
            ["Request-ID"] = requestId ?? Guid.NewGuid().ToString(),
        };
        foreach (var (name, value) in headers.Where(h => h.Key != without))
            request.Headers.TryAddWithoutValidation(name, value);
        if (without == "Content-Type")
            request.Content.Headers.ContentType = null;
        return request;
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> SendLockAsync(this PortalFactory portal, Application app, string verb,
        IEnumerable<string> tokens, string? without = null)
    {
        var response = await portal.Anonymous().SendAsync(LockRequest(app, verb, tokens, without));
        return (response, await response.BodyAsync());
    }

    public static string[] TokensOf(JsonElement body, string list) =>
        body.TryGetProperty(list, out var items) ? items.EnumerateArray().Select(i => i.GetProperty("token").GetString()!).ToArray() : [];

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
