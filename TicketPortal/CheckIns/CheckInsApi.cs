using Microsoft.AspNetCore.Http.HttpResults;
using TicketPortal.Accounts;
using TicketPortal.Api;
using TicketPortal.Domain.CheckIns;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.CheckIns;

/// <summary>At the door over REST: scan a code, and an event's door at a glance.</summary>
public static class CheckInsApi
{
    public const string DataName = "checkIn";

    /// <summary>code: the text of the admission's QR code; eventId: the event this door admits to (a code of another
    /// event is refused); device: the scanner's name, shown when the code is scanned again.</summary>
    public sealed record CheckInRequest(string? Code, Guid? EventId, string? Device);

    public static IEndpointRouteBuilder MapCheckInsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/check-ins", CheckIn).WithTags("Check-in").RequireAuthorization(Policies.DoorScanner).Returns<CheckInEnvelope>()
            .WithSummary("Scan an admission code (its event's organizer, door staff, or an application of the organizer's by its PAC headers alone): 200 admits with the holder's name, tier and seat; 409 if it was already scanned (when, on which device); 422 for a void or unknown code; 404 for another event's.");
        app.MapGet("/api/v1/events/{id:guid}/check-ins", Door).WithTags("Check-in").RequireAuthorization(Policies.DoorScanner).Returns<DoorEnvelope>()
            .WithSummary("An event's door: admissions checked in of those paid, and the latest scans (whoever may scan there).");
        var staff = app.MapGroup("/api/v1/events/{id:guid}/staff").WithTags("Check-in").RequireAuthorization();
        staff.MapGet("/", ListStaff).Returns<DoorStaffListEnvelope>().WithSummary("The event's door staff (its organizer).");
        staff.MapPost("/", AddStaff).Returns<DoorStaffEnvelope>(StatusCodes.Status201Created)
            .WithSummary("Let someone check tickets in at this event's door, and do nothing else, by e-mail (an account is made if there is none).");
        staff.MapDelete("/{userId}", RemoveStaff).WithSummary("Take someone off the event's door staff.");
        app.MapGet("/api/v1/tickets/{id:guid}/admissions/{number:int}/qr", Qr).WithTags("Check-in").RequireAuthorization()
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .WithSummary("One admission's QR code as a PNG to download or print (the ticket's holder, once it is paid).");
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Qr(
        TicketQueries queries, AdmissionCodes codes, CurrentUser user, Guid id, int number, CancellationToken ct)
    {
        var result = await queries.GetAsync(user.Actor, id, ct);
        if (result.Value is not { Ticket: var ticket })
            return Problems.From(result.Failure!);
        var admission = (await AdmissionQr.OfHolderAsync(user.Actor, ticket, codes, ct)).FirstOrDefault(a => a.Number == number);
        return admission is null
            ? Problems.From(Failure.NotFound($"Ticket {id} has no admission {number} for you: only its holder gets codes, once it is paid."))
            : TypedResults.File(AdmissionQr.Png(admission.Code), "image/png", AdmissionQr.FileName(id, number));
    }

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> CheckIn(
        HttpContext http, CheckInService checkIns, CurrentScanner scanner, CheckInRequest request, CancellationToken ct)
    {
        var result = await checkIns.CheckInAsync(scanner.Scanner, new CheckInInput(request.Code, request.EventId, request.Device), ct);
        if (result.Value is not { } outcome)
            return Problems.From(result.Failure!);
        if (outcome.Already is { } first)
            return TypedResults.Problem(
                $"Already checked in at {first.CheckedInAt:yyyy-MM-dd HH:mm:ss} UTC on {first.Device}.",
                statusCode: StatusCodes.Status409Conflict, title: "Already checked in",
                extensions: new Dictionary<string, object?> { ["checkedInAt"] = first.CheckedInAt, ["device"] = first.Device, [DataName] = first });
        var admitted = outcome.Admitted!;
        return TypedResults.Ok(Envelope.One(http, DataName, "create", admitted.CheckIn).With("holderName", admitted.HolderName));
    }

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Door(
        HttpContext http, CheckInService checkIns, CurrentScanner scanner, Guid id, CancellationToken ct)
    {
        var result = await checkIns.SummaryAsync(scanner.Scanner, id, DoorRecent, ct);
        return result.Value is { } door ? TypedResults.Ok(Envelope.One(http, "door", "get", door)) : Problems.From(result.Failure!);
    }

    public sealed record AddStaffRequest(string? Email);

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> ListStaff(HttpContext http, DoorStaff staff, CurrentUser user, Guid id, CancellationToken ct)
    {
        var result = await staff.ListAsync(user.Actor, id, ct);
        return result.Value is { } list ? TypedResults.Ok(Envelope.List(http, "staff", "list", list)) : Problems.From(result.Failure!);
    }

    private static async Task<Results<Created<Envelope>, ProblemHttpResult>> AddStaff(
        HttpContext http, DoorStaff staff, CurrentUser user, Guid id, AddStaffRequest request, CancellationToken ct)
    {
        var result = await staff.AddAsync(user.Actor, id, request.Email, ct);
        return result.Value is { } member
            ? TypedResults.Created($"/api/v1/events/{id}/staff", Envelope.One(http, "staffMember", "create", member, StatusCodes.Status201Created))
            : Problems.From(result.Failure!);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveStaff(DoorStaff staff, CurrentUser user, Guid id, string userId, CancellationToken ct)
    {
        var result = await staff.RemoveAsync(user.Actor, id, userId, ct);
        return result.Succeeded ? TypedResults.NoContent() : Problems.From(result.Failure!);
    }

    /// <summary>How many of the latest scans the door summary lists.</summary>
    public const int DoorRecent = 20;
}
