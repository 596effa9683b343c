using System.Net.Http.Json;
using System.Text.Json;

namespace TicketPortal.Tests.Support;

public static class Json
{
    public static async Task<JsonElement> BodyAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static object NewEvent(string? title = null, int capacity = 100, DateTime? start = null) => new
    {
        title = title ?? $"Test event {Guid.NewGuid():N}",
        description = "An event made by a test.",
        venue = "Test Hall",
        startDate = (start ?? DateTime.UtcNow.AddDays(20)).ToString("O"),
        minutes = 90,
        capacity,
        tiers = new[] { new { name = "Standard", price = 20.00m, currency = "EUR" }, new { name = "VIP", price = 55.50m, currency = "EUR" } },
    };
}
