using Microsoft.AspNetCore.Http.HttpResults;
using TicketPortal.Accounts;
using TicketPortal.Api;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Seats;
using TicketPortal.Operations;

namespace TicketPortal.Seats;

/// <summary>Seat maps over REST: the organizer lays one out with the generator; anyone who may see the event reads
/// it (tokens only for its organizer).</summary>
public static class SeatMapApi
{
    public static IEndpointRouteBuilder MapSeatMapApi(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/api/v1/events/{id:guid}").WithTags("Seats");
        events.MapPut("/seat-map", Replace).Returns<SeatMapEnvelope>().RequireAuthorization(Policies.Organizer)
            .WithSummary("Lay out (or replace, before anything is sold) the event's seats: sections of rows × seats, each with a price tier. The event's capacity becomes the seat count.");
        events.MapPost("/seat-map/import", Import).Returns<OperationTicketEnvelope>(StatusCodes.Status202Accepted).RequireAuthorization(Policies.Organizer)
            .WithSummary("ImportSeatMap: replace the seat map from a CSV file (section,row,seat,tier), in the background; answers 202 with the operation ticket.");
        events.MapGet("/seats", Get).Returns<SeatMapEnvelope>().AllowAnonymous()
            .WithSummary("The event's seat map with each seat's status and lock; tokens are included for its organizer only.");
        events.MapGet("/seat-map", Get).Returns<SeatMapEnvelope>().WithName("seatsGetSeatMap").AllowAnonymous()
            .WithSummary("The same seat map, at the address it is written to.");
        return app;
    }

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Replace(
        HttpContext http, SeatMapService maps, CurrentUser user, Guid id, SeatMapDraft draft, CancellationToken ct) =>
        ApiResults.Respond(http, await maps.ReplaceAsync(user.Actor, id, draft, ct), "seatMap", "update", v => v);

    private static async Task<Results<Accepted<Envelope>, ProblemHttpResult>> Import(
        HttpContext http, SeatMapService maps, OperationStarter operations, CurrentUser user, Guid id, CancellationToken ct)
    {
        if (await maps.CheckManagedAsync(user.Actor, id, ct) is { } refused)
            return Problems.From(refused);
        var csv = await ReadCsvAsync(http.Request, ct);
        if (csv is null)
            return Problems.From(Failure.Invalid([new("csv", $"Send the seat map as a text/csv body of at most {SeatMapCsv.MaxBytes / 1024} KB.", http, "Body")]));
        var ticket = await operations.StartAsync(user, ImportSeatMapOperation.Name, [id], new ImportSeatMapOperation.Input(id, csv), Correlation.Of(http), ct);
        return OperationsApi.Accepted(http, ticket);
    }

    private static async Task<string?> ReadCsvAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var buffer = new char[SeatMapCsv.MaxBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(read), ct)) > 0)
            read += n;
        return read is 0 or > SeatMapCsv.MaxBytes ? null : new string(buffer, 0, read);
    }

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Get(
        HttpContext http, SeatMapService maps, CurrentUser? user, Guid id, CancellationToken ct) =>
        ApiResults.Respond(http, await maps.GetAsync(user?.Actor, id, ct), "seatMap", "get", v => v);
}
