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
            if (Succeeded(result) is { } envelope)
                await PublishAsync(ctx.HttpContext, routeEvent, envelope);
            return result;
        });

    /// <summary>For routes that create (a hold): the change, its route event and the Idempotency-Key's outcome
    /// commit in one transaction, so no failure after the commit can leave a retried key to create it again. The
    /// transaction begins at the change's first write (<see cref="PortalDbContext.RouteCommits"/>), so a request
    /// refused on what it read (sold out) never waits for the write lock. Only for routes that call no payment
    /// provider: the transaction holds the database's write lock.</summary>
    public static TBuilder PublishesRouteEventWithItsChange<TBuilder>(this TBuilder builder, string routeEvent) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (ctx, next) =>
        {
            var http = ctx.HttpContext;
            var db = http.RequestServices.GetRequiredService<PortalDbContext>();
            // Written in a group's transaction (HoldAdmission), the route's part is kept or rolled back by the group.
            var ownsCommit = !db.GroupCommits;
            db.RouteCommits = ownsCommit;
            try
            {
                var result = await next(ctx);
                if (Succeeded(result) is not { } envelope)
                    return result; // refused: whatever the change began rolls back below (or in the group)
                if (db.Database.CurrentTransaction is null)
                    await db.Database.BeginTransactionAsync(CancellationToken.None);
                await PublishAsync(http, routeEvent, envelope);
                await IdempotencyMiddleware.RecordCommittedAsync(http, db, (IStatusCodeHttpResult)Unwrap(result)!);
                if (ownsCommit)
                    await db.Database.CommitTransactionAsync(CancellationToken.None);
                return result;
            }
            finally
            {
                db.RouteCommits = false;
                if (ownsCommit && db.Database.CurrentTransaction is { } open)
                    await open.DisposeAsync();
            }
        });

    private static IResult? Unwrap(object? result) => result is INestedHttpResult nested ? nested.Result : result as IResult;

    /// <summary>The envelope of a route's successful (2xx) answer; null for a refusal.</summary>
    public static Envelope? Succeeded(object? result) =>
        Unwrap(result) is IValueHttpResult { Value: Envelope envelope } and IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } ? envelope : null;

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

        // Not the request's token: the route has already done its work, and its event must not be lost
        // because the client hung up.
        await db.AppendEventAsync(message, CancellationToken.None);
    }
}
