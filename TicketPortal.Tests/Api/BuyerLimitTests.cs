using System.Net;
using System.Net.Http.Json;
using TicketPortal.Domain.Accounts;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

/// <summary>One account cannot hold a whole event: places per buyer are capped across all their live tickets.</summary>
[Collection(PortalCollection.Name)]
public sealed class BuyerLimitTests(PortalFactory portal)
{
    [Fact]
    public async Task DefaultLimit_IsTenPlacesAcrossAllOfABuyersLiveTickets_AndCancellingFreesRoom()
    {
        var organizer = await portal.NewUserClientAsync(Roles.Organizer);
        var created = await organizer.PostAsJsonAsync("/api/v1/events", Json.NewEvent(capacity: 120));
        var e = (await created.BodyAsync()).GetProperty("event");
        Assert.Equal(10, e.GetProperty("maxPerBuyer").GetInt32());
        var eventId = e.GetProperty("id").GetString()!;
        var tierId = e.GetProperty("tiers")[0].GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await organizer.PostAsync($"/api/v1/events/{eventId}/publish", null)).StatusCode);
        var buyer = await portal.NewUserClientAsync();

        var first = await HoldAsync(buyer, eventId, tierId, 4);
        Assert.Equal(HttpStatusCode.Created, (await HoldAsync(buyer, eventId, tierId, 6)).StatusCode);
        var refused = await HoldAsync(buyer, eventId, tierId, 1);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("at most 10 places", (await refused.BodyAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Created, (await HoldAsync(await portal.NewUserClientAsync(), eventId, tierId, 10)).StatusCode);

        var firstId = (await first.BodyAsync()).GetProperty("ticket").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await buyer.DeleteAsync($"/api/v1/tickets/{firstId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await HoldAsync(buyer, eventId, tierId, 4)).StatusCode);
    }

    [Fact]
    public async Task OrganizerSetLimit_HoldsUnderARaceOfOneBuyersHolds()
    {
        var sale = await portal.PublishedEventAsync(capacity: 100, maxPerBuyer: 3);
        var buyer = await portal.NewUserClientAsync();
        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, 12).Select(async _ =>
        {
            await start.WaitAsync();
            return await buyer.HoldAsync(sale);
        }).ToList();
        start.Release(12);

        var responses = await Task.WhenAll(attempts);

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(3, await portal.ReservedAsync(sale.EventId));
    }

    [Fact]
    public async Task Limit_OutOfRange_IsRefusedOnItsField()
    {
        var organizer = await portal.NewUserClientAsync(Roles.Organizer);
        var body = System.Text.Json.JsonSerializer.SerializeToNode(Json.NewEvent())!.AsObject();
        body["maxPerBuyer"] = 0;

        var response = await organizer.PostAsJsonAsync("/api/v1/events", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.BodyAsync()).GetProperty("errors").TryGetProperty("maxPerBuyer", out _));
    }

    private static Task<HttpResponseMessage> HoldAsync(HttpClient buyer, string eventId, string priceTierId, int quantity) =>
        buyer.PostAsJsonAsync("/api/v1/tickets", new { eventId, priceTierId, quantity });
}
