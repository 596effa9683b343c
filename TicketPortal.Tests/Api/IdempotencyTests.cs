using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Tests.Support;

namespace TicketPortal.Tests.Api;

[Collection(PortalCollection.Name)]
public sealed class IdempotencyTests(PortalFactory portal)
{
    private static HttpRequestMessage Hold(Buying.OnSale sale, string key, int quantity = 1) =>
        new(HttpMethod.Post, "/api/v1/tickets")
        {
            Content = JsonContent.Create(new { eventId = sale.EventId, priceTierId = sale.TierIds[0], quantity }),
            Headers = { { "Idempotency-Key", key } },
        };

    [Fact]
    public async Task SameKey_ReplaysTheFirstResponse_AndHoldsOnce()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var buyer = await portal.NewUserClientAsync();
        var key = Guid.NewGuid().ToString();

        var first = await buyer.SendAsync(Hold(sale, key));
        var second = await buyer.SendAsync(Hold(sale, key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal((await first.BodyAsync()).GetProperty("ticket").GetProperty("id").GetString(),
            (await second.BodyAsync()).GetProperty("ticket").GetProperty("id").GetString());
        Assert.Equal(1, await portal.ReservedAsync(sale.EventId));
    }

    [Fact]
    public async Task SameKey_WithAnotherBody_Is422()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var buyer = await portal.NewUserClientAsync();
        var key = Guid.NewGuid().ToString();
        await buyer.SendAsync(Hold(sale, key));

        var response = await buyer.SendAsync(Hold(sale, key, quantity: 2));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Idempotency-Key", (await response.BodyAsync()).GetProperty("field").GetString());
        Assert.Equal(1, await portal.ReservedAsync(sale.EventId));
    }

    [Fact]
    public async Task SameKey_WhileTheFirstIsInFlight_Is409()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var buyer = await portal.NewUserClientAsync();
        var key = Guid.NewGuid().ToString();
        await buyer.SendAsync(Hold(sale, key));
        // Make the stored request look unfinished, as it is while its handler still runs.
        await portal.WithDbAsync(async db =>
        {
            var latest = await db.IdempotencyRecords.OrderByDescending(r => r.CreatedAt).FirstAsync();
            await db.IdempotencyRecords.Where(r => r.Id == latest.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.CompletedAt, (DateTime?)null));
        });

        var response = await buyer.SendAsync(Hold(sale, key));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(1, await portal.ReservedAsync(sale.EventId));
    }

    [Fact]
    public async Task KeysArePerUser()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var key = Guid.NewGuid().ToString();

        var a = await (await portal.NewUserClientAsync()).SendAsync(Hold(sale, key));
        var b = await (await portal.NewUserClientAsync()).SendAsync(Hold(sale, key));

        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        Assert.False(b.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await portal.ReservedAsync(sale.EventId));
    }
}
