using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TicketPortal.Tests.Support;

/// <summary>Steps shared by the service-request and check-in tests.</summary>
public static class Requests
{
    /// <summary>A buyer with a paid ticket (of <paramref name="quantity"/> places) of a new event, and the event's organizer.</summary>
    public static async Task<(Buying.OnSale Sale, HttpClient Buyer, string TicketId)> PaidTicketAsync(this PortalFactory portal, int quantity = 1)
    {
        var sale = await portal.PublishedEventAsync();
        var (buyer, ticketId) = await portal.PaidTicketAsync(sale, quantity);
        return (sale, buyer, ticketId);
    }

    /// <summary>A new buyer with a paid ticket (of <paramref name="quantity"/> places) of the event on sale.</summary>
    public static async Task<(HttpClient Buyer, string TicketId)> PaidTicketAsync(this PortalFactory portal, Buying.OnSale sale, int quantity = 1)
    {
        var buyer = await portal.NewUserClientAsync();
        var ticketId = await buyer.HeldTicketAsync(sale, quantity);
        var payment = await buyer.StartCheckoutAsync(ticketId);
        await Buying.PayOnSandboxAsync(payment.GetProperty("redirectUrl").GetString()!);
        await buyer.WaitForStatusAsync(ticketId, "Paid");
        return (buyer, ticketId);
    }

    /// <summary>The holder's view of a paid ticket's admissions, each with its code.</summary>
    public static async Task<List<JsonElement>> AdmissionsAsync(this HttpClient holder, string ticketId)
    {
        var response = await holder.GetAsync($"/api/v1/tickets/{ticketId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.BodyAsync()).GetProperty("admissions").EnumerateArray()];
    }

    public static async Task<JsonElement> OpenAsync(this HttpClient client, string workflow, string ticketId, object? body = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/service-requests",
            new { workflow_shortname = workflow, ticketId, payload = new { body = body ?? new { text = "Please help." } } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.BodyAsync()).GetProperty("serviceRequest");
    }

    public static Task<HttpResponseMessage> ActAsync(this HttpClient client, JsonElement request, string action, string? reason = null, string? comment = null) =>
        client.PostAsJsonAsync($"/api/v1/service-requests/{request.GetProperty("id").GetString()}/transitions",
            new { action, resolution_reason = reason, comment });

    public static async Task<JsonElement> ActOkAsync(this HttpClient client, JsonElement request, string action, string? reason = null)
    {
        var response = await client.ActAsync(request, action, reason);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.BodyAsync()).GetProperty("serviceRequest");
    }
}
