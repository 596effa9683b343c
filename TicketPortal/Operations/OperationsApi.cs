using Microsoft.AspNetCore.Http.HttpResults;
using TicketPortal.Accounts;
using TicketPortal.Api;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Operations;

namespace TicketPortal.Operations;

/// <summary>Seed 000's operation tickets: read one or the caller's list, and start the bulk operations.</summary>
public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/operation-tickets").WithTags("Operation tickets").RequireAuthorization();
        group.MapGet("/{id:guid}", Get).Returns<OperationTicketEnvelope>().WithSummary("One operation ticket (its initiator or an admin).");
        group.MapGet("/", List).Returns<OperationTicketListEnvelope>().WithSummary("The caller's operation tickets, newest first; filter by status and operation.");
        group.MapGet("/{id:guid}/download", Download).WithSummary("The file a finished operation produced (an attendee export): its initiator only.");

        app.MapPost("/api/v1/tickets/bulk-delete", BulkDelete).Returns<OperationTicketEnvelope>(StatusCodes.Status202Accepted).WithTags("Tickets").RequireAuthorization()
            .WithSummary("DeleteTickets: soft-delete unpaid tickets in the background; answers 202 with the operation ticket.");
        return app;
    }

    public sealed record BulkDeleteRequest(IReadOnlyList<Guid>? TicketIds);

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> Get(HttpContext http, OperationTickets tickets, CurrentUser user, Guid id, CancellationToken ct) =>
        ApiResults.Respond(http, await tickets.GetAsync(user.Actor, id, ct), "operationTicket", "get", OperationTicketDto.From);

    private static async Task<Results<Ok<Envelope>, ProblemHttpResult>> List(
        HttpContext http, OperationTickets tickets, CurrentUser user, string? status, string? operation, int? page, int? pageSize, CancellationToken ct) =>
        ApiResults.RespondList(http, await tickets.ListAsync(user.Actor, status, operation, page ?? 1, pageSize ?? Paging.DefaultSize, ct),
            "operationTickets", t => OperationTicketDto.From(t));

    private static async Task<Results<Accepted<Envelope>, ProblemHttpResult>> BulkDelete(
        HttpContext http, OperationStarter operations, CurrentUser user, BulkDeleteRequest request, CancellationToken ct)
    {
        if (DeleteTicketsOperation.Validate(request.TicketIds, request) is { Count: > 0 } errors)
            return Problems.From(Failure.Invalid(errors));
        var ids = request.TicketIds!;
        return Accepted(http, await operations.StartAsync(user, DeleteTicketsOperation.Name, ids, new DeleteTicketsOperation.Input(ids), Correlation.Of(http), ct));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Download(OperationTickets tickets, CurrentUser user, Guid id, CancellationToken ct)
    {
        var file = await tickets.OutputAsync(user.Actor, id, ct);
        return file.Value is var (name, content) && file.Succeeded
            ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(content), "text/csv; charset=utf-8", name)
            : Problems.From(file.Failure!);
    }

    /// <summary>202 with the ticket in the seed envelope and where to follow it.</summary>
    public static Accepted<Envelope> Accepted(HttpContext http, OperationTicket ticket) =>
        TypedResults.Accepted($"/api/v1/operation-tickets/{ticket.Id}",
            Envelope.One(http, "operationTicket", "create", OperationTicketDto.From(ticket), StatusCodes.Status202Accepted));
}
