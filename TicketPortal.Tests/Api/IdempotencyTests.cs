using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketPortal.Api;
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
    public async Task AKeyWhoseRequestDied_IsFreeAgainAfterItsLease_AndTheRetryRuns()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var buyer = await portal.NewUserClientAsync();
        var key = Guid.NewGuid().ToString();
        var first = await buyer.SendAsync(Hold(sale, key));
        var firstId = (await first.BodyAsync()).GetProperty("ticket").GetProperty("id").GetString();
        // The first request's claim is left unfinished and older than the lease, as when its process died
        // before it could change anything.
        await portal.WithDbAsync(async db =>
        {
            var latest = await db.IdempotencyRecords.OrderByDescending(r => r.CreatedAt).FirstAsync();
            await db.IdempotencyRecords.Where(r => r.Id == latest.Id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.CompletedAt, (DateTime?)null)
                .SetProperty(r => r.CreatedAt, DateTime.UtcNow - IdempotencyMiddleware.Lease - TimeSpan.FromSeconds(5)));
        });

        var retry = await buyer.SendAsync(Hold(sale, key));

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.NotEqual(firstId, (await retry.BodyAsync()).GetProperty("ticket").GetProperty("id").GetString());
        Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task AHold_ItsRouteEvent_AndItsKeysOutcome_CommitTogether()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var buyer = await portal.NewUserClientAsync();

        var response = await buyer.SendAsync(Hold(sale, Guid.NewGuid().ToString()));

        var ticketId = Guid.Parse((await response.BodyAsync()).GetProperty("ticket").GetProperty("id").GetString()!);
        await portal.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.EntityId == ticketId && m.Topic.EndsWith("-ticket-created") && m.Kind == Domain.Realtime.OutboxKind.Route));
            var record = await db.IdempotencyRecords.OrderByDescending(r => r.CreatedAt).FirstAsync();
            Assert.Equal(201, record.StatusCode);
            Assert.Equal($"/api/v1/tickets/{ticketId}", record.Location);
        });
    }

    [Fact]
    public async Task AHold_JoinsItsRoutesTransaction_SoARollbackLeavesNoTicketAndNoPlacesTaken()
    {
        var sale = await portal.PublishedEventAsync(capacity: 10);
        var buyerId = Guid.NewGuid().ToString();
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Domain.Data.PortalDbContext>();
        var holds = scope.ServiceProvider.GetRequiredService<Domain.Tickets.HoldService>();

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            var held = await holds.CreateAsync(new Domain.Common.Actor(buyerId, false),
                new Domain.Tickets.CreateTicketRequest(Guid.Parse(sale.EventId), Guid.Parse(sale.TierIds[0]), 2));
            Assert.True(held.Succeeded);
            // The route failed after the hold (its event or its key's outcome could not be saved): all of it goes.
            await tx.RollbackAsync();
        }

        Assert.Equal(0, await portal.ReservedAsync(sale.EventId));
        await portal.WithDbAsync(async other => Assert.False(await other.Tickets.AnyAsync(t => t.UserId == buyerId)));
    }

    [Fact]
    public async Task AuthenticationAnswers_AreNeverStored_EvenWithAKey()
    {
        var email = await portal.CreateUserAsync();
        using var anonymous = portal.Anonymous();
        var login = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { email, password = TicketPortal.Setup.DemoData.Password }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };

        var response = await anonymous.SendAsync(login);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.BodyAsync()).GetProperty("accessToken").GetString()!;
        await portal.WithDbAsync(async db =>
        {
            var bodies = await db.IdempotencyRecords.Where(r => r.Body != null).Select(r => r.Body!).ToListAsync();
            Assert.DoesNotContain(bodies, b => System.Text.Encoding.UTF8.GetString(b).Contains(token[..32], StringComparison.Ordinal));
        });
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
