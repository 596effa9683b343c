using Microsoft.AspNetCore.Http.HttpResults;
using TicketPortal.Accounts;
using TicketPortal.Api;
using TicketPortal.Domain.Seats;

namespace TicketPortal.Seats;

/// <summary>Seat maps over REST: the organizer lays one out with the generator; anyone who may see the event reads
/// it (tokens only for its organizer).</summary>
public static class SeatMapApi
{
    public static IEndpointRouteBuilder MapSeatMapApi(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/api/v1/events/{id:guid}").WithTags("Seats");
        events.MapPut("/seat-map", Replace).RequireAuthorization(Policies.Organizer)
            .WithSummary("Lay out (or replace, before anything is sold) the event's seats: sections of rows × seats, each with a price tier. The event's capacity becomes the seat count.");
        events.MapGet("/seats", Get).AllowAnonymous()
            .WithSummary("The event's seat map with each seat's status and lock; tokens are included for its organizer only.");
        return app;
    }

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Replace(
        HttpContext http, SeatMapService maps, CurrentUser user, Guid id, SeatMapDraft draft, CancellationToken ct) =>
        ApiResults.Respond(http, await maps.ReplaceAsync(user.Actor, id, draft, ct), "seatMap", "update", v => v);

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Get(
        HttpContext http, SeatMapService maps, CurrentUser? user, Guid id, CancellationToken ct) =>
        ApiResults.Respond(http, await maps.GetAsync(user?.Actor, id, ct), "seatMap", "get", v => v);
}
