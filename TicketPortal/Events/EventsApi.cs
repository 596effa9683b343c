using Microsoft.AspNetCore.Http.HttpResults;
using TicketPortal.Api;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Events;
using TicketPortal.Accounts;
using TicketPortal.Domain.Operations;
using TicketPortal.Operations;

namespace TicketPortal.Events;

public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/api/v1/events").WithTags("Events");
        events.MapGet("/", Browse).Returns<EventListEnvelope>().WithSummary("Published upcoming events, paged; search matches title, venue and description.");
        events.MapGet("/{id:guid}", Get).Returns<EventEnvelope>().WithSummary("One event; drafts only for their organizer.");

        var organizer = events.MapGroup("").RequireAuthorization(Policies.Organizer);
        organizer.MapGet("/mine", Mine).Returns<EventListEnvelope>().WithSummary("The caller's own events, every status (admins: all events), paged; search matches title and venue.");
        organizer.MapPost("/", Create).Returns<EventEnvelope>(StatusCodes.Status201Created).WithSummary("Create a draft event.");
        organizer.MapPut("/{id:guid}", Update).Returns<EventEnvelope>().WithSummary("Replace an event's details and price tiers.");
        organizer.MapPost("/{id:guid}/publish", Publish).Returns<EventEnvelope>().WithSummary("Show the event in the catalog.");
        organizer.MapPost("/{id:guid}/unpublish", Unpublish).Returns<EventEnvelope>().WithSummary("Take the event back to draft.");
        organizer.MapPost("/{id:guid}/complimentary-tickets", IssueComplimentary).Returns<OperationTicketEnvelope>(StatusCodes.Status202Accepted)
            .WithSummary("IssueComplimentaryTickets: paid-at-zero tickets for attendees' e-mail addresses, within capacity; answers 202 with the operation ticket.");
        organizer.MapPost("/{id:guid}/attendee-export", ExportAttendees).Returns<OperationTicketEnvelope>(StatusCodes.Status202Accepted)
            .WithSummary("ExportAttendees: a CSV of the event's paid tickets, made in the background; answers 202 with the operation ticket.");
        organizer.MapPost("/{id:guid}/cancel", Cancel).Returns<OperationTicketEnvelope>(StatusCodes.Status202Accepted)
            .WithSummary("CancelEvent: cancel the event, end its holds and refund its paid tickets in the background; answers 202 with the operation ticket.");
        return app;
    }

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Browse(
        HttpContext http, EventService service, string? search, DateTime? from, DateTime? to, int? page, int? pageSize, CancellationToken ct) =>
        ApiResults.RespondList(http, await service.BrowseAsync(new CatalogQuery(search, from, to, page ?? 1, pageSize ?? Paging.DefaultSize), ct),
            "events", EventDto.From);

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Get(HttpContext http, EventService service, CurrentUser? user, Guid id, CancellationToken ct) =>
        Respond(http, "get", await service.GetAsync(id, user?.Actor, ct));

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Mine(
        HttpContext http, EventService service, CurrentUser user, string? search, int? page, int? pageSize, string? sortBy, bool? descending,
        CancellationToken ct) =>
        ApiResults.RespondList(http, await service.ListManagedAsync(user.Actor,
            new ManagedEventsQuery(search, page ?? 1, pageSize ?? Paging.DefaultSize, sortBy, descending ?? false), ct), "events", EventDto.From);

    private static async Task<Results<Created<Envelope>, ProblemHttpResult>> Create(
        HttpContext http, EventService service, CurrentUser user, EventDraft draft, CancellationToken ct) =>
        ApiResults.RespondCreated(http, await service.CreateAsync(user.Actor, draft, ct), "event", e => $"/api/v1/events/{e.Id}", EventDto.From);

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Update(
        HttpContext http, EventService service, CurrentUser user, Guid id, EventDraft draft, CancellationToken ct) =>
        Respond(http, "update", await service.UpdateAsync(user.Actor, id, draft, ct));

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Publish(
        HttpContext http, EventService service, CurrentUser user, Guid id, CancellationToken ct) =>
        Respond(http, "publish", await service.PublishAsync(user.Actor, id, ct));

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Unpublish(
        HttpContext http, EventService service, CurrentUser user, Guid id, CancellationToken ct) =>
        Respond(http, "unpublish", await service.UnpublishAsync(user.Actor, id, ct));

    private static async Task<Results<Accepted<Envelope>, ProblemHttpResult>> Cancel(
        HttpContext http, EventService service, OperationStarter operations, CurrentUser user, Guid id, CancellationToken ct) =>
        // Who may cancel is answered now; whether the event can be cancelled, by the operation (seed 000).
        await ManagedAsync(service, user, id, ct) is { } refused
            ? refused
            : OperationsApi.Accepted(http, await operations.CancelEventAsync(user, id, Correlation.Of(http), ct));

    private static async Task<Results<Accepted<Envelope>, ProblemHttpResult>> ExportAttendees(
        HttpContext http, EventService service, OperationStarter operations, CurrentUser user, Guid id, CancellationToken ct) =>
        await ManagedAsync(service, user, id, ct) is { } refused
            ? refused
            : OperationsApi.Accepted(http, await operations.ExportAttendeesAsync(user, id, Correlation.Of(http), ct));

    public sealed record ComplimentaryRequest(IReadOnlyList<string>? Emails, Guid? PriceTierId = null, int? Quantity = 1);

    private static async Task<Results<Accepted<Envelope>, ProblemHttpResult>> IssueComplimentary(
        HttpContext http, EventService service, OperationStarter operations, CurrentUser user, Guid id, ComplimentaryRequest request, CancellationToken ct)
    {
        if (IssueComplimentaryTicketsOperation.Validate(request.Emails, request.Quantity, request) is { Count: > 0 } errors)
            return Problems.From(Failure.Invalid(errors));
        if (await ManagedAsync(service, user, id, ct) is { } refused)
            return refused;
        var input = new IssueComplimentaryTicketsOperation.Input(id, request.PriceTierId, [.. request.Emails!.Select(e => e.Trim())], request.Quantity ?? 1);
        return OperationsApi.Accepted(http, await operations.IssueComplimentaryAsync(user, input, Correlation.Of(http), ct));
    }

    /// <summary>Null when the caller manages the event; else its 404 or 403.</summary>
    private static async Task<ProblemHttpResult?> ManagedAsync(EventService service, CurrentUser user, Guid id, CancellationToken ct)
    {
        var found = await service.GetAsync(id, user.Actor, ct);
        if (found.Value is not { } e)
            return Problems.From(found.Failure!);
        return e.IsManagedBy(user.Actor) ? null : Problems.From(Failure.Forbidden("Only the event's organizer can do this."));
    }

    private static Results<Ok<Envelope>, ProblemHttpResult> Respond(HttpContext http, string action, Result<Event> result) =>
        ApiResults.Respond(http, result, "event", action, EventDto.From);
}
