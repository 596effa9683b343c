using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketPortal.Api;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Realtime;

/// <summary>Seed 004's route events: after a route succeeds, its response envelope is published under the
/// route's topic, once, at the end of the route.</summary>
public static class RouteEvents
{
    public static TBuilder PublishesRouteEvent<TBuilder>(this TBuilder builder, string routeEvent) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (ctx, next) =>
        {
            var result = await next(ctx);
            var inner = result is INestedHttpResult nested ? nested.Result : result as IResult;
            if (inner is IValueHttpResult { Value: Envelope envelope } && inner is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 })
                await PublishAsync(ctx.HttpContext, routeEvent, envelope);
            return result;
        });

    private static async Task PublishAsync(HttpContext http, string routeEvent, Envelope envelope)
    {
        var services = http.RequestServices;
        var signal = services.GetRequiredService<OutboxSignal>();
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var caller = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var main = envelope.Data.GetValueOrDefault(envelope.DataName);
        var message = new OutboxMessage
        {
            Topic = signal.Topics.Route(routeEvent),
            Kind = OutboxKind.Route,
            OccurredAt = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
            Payload = JsonSerializer.Serialize(envelope, json),
            UserId = caller,
        };
        // A single object's route event goes to its holder and organizer (whoever called); a list's to the caller.
        var db = services.GetRequiredService<PortalDbContext>();
        switch (main)
        {
            case TicketDto t:
                (message.EntityId, message.Sequence, message.UserId, message.OrganizerId, message.EventId, message.TicketId) =
                    (t.Id, t.RecordVersion, t.UserId, t.OrganizerId, t.EventId, t.Id);
                break;
            case TicketPaymentDto p:
                (message.EntityId, message.Sequence, message.UserId, message.OrganizerId, message.TicketId) =
                    (p.Id, p.RecordVersion, p.OwnerId, p.OrganizerId, p.OrderId);
                message.EventId = await db.Tickets.Where(t => t.Id == p.OrderId).Select(t => (Guid?)t.EventId).FirstOrDefaultAsync();
                break;
            case PaymentCustomerDto c:
                (message.EntityId, message.Sequence, message.UserId, message.OrganizerId) = (c.Id, c.RecordVersion, c.UserId, c.OrganizerId);
                break;
        }

        db.OutboxMessages.Add(message);
        // Not the request's token: the route has already done its work, and its event must not be lost
        // because the client hung up.
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
