using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using TicketPortal.Accounts;
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
        var caller = CurrentUser.From(http.User)?.Id;
        var main = envelope.Data.GetValueOrDefault(envelope.DataName);
        var message = new OutboxMessage
        {
            Topic = signal.Topics.Route(routeEvent),
            Kind = OutboxKind.Route,
            OccurredAt = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
            Payload = JsonSerializer.Serialize(envelope, json),
            UserId = caller,
        };
        // A single object's route event goes to whoever may see that object; a list's to the caller alone.
        var db = services.GetRequiredService<PortalDbContext>();
        if (main is IPublishedDto dto && signal.Publications.ForDto(main.GetType()) is { } publication)
        {
            var audience = await publication.AudienceOfAsync(main, db, CancellationToken.None);
            (message.EntityId, message.Sequence, message.UserId, message.OrganizerId, message.ScopeKey) =
                (dto.Id, dto.RecordVersion, audience.UserId, audience.OrganizerId, audience.Scopes.Key);
        }

        db.OutboxMessages.Add(message);
        // Not the request's token: the route has already done its work, and its event must not be lost
        // because the client hung up.
        await db.SaveChangesAsync(CancellationToken.None);
    }
}
