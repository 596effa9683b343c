using System.Text.Json;
using Hangfire;
using TicketPortal.Accounts;
using TicketPortal.Domain.Operations;

namespace TicketPortal.Operations;

/// <summary>Issues an operation ticket and queues its Hangfire job: the one way the API and the portal start
/// background work.</summary>
public sealed class OperationStarter(OperationTickets tickets, IBackgroundJobClient jobs, CancelEventOperation cancelEvent)
{
    public async Task<OperationTicket> StartAsync(CurrentUser user, string operation, IReadOnlyList<Guid> objectIds, object input,
        string correlationId, CancellationToken ct = default)
    {
        var ticket = await tickets.StartAsync(user.Actor, operation, objectIds, correlationId, JsonSerializer.Serialize(input), ct);
        jobs.Enqueue<OperationJobs>(j => j.RunAsync(ticket.Id, 1, CancellationToken.None));
        return ticket;
    }

    /// <summary>IssueComplimentaryTickets for an event the caller manages (the caller has checked that).</summary>
    public Task<OperationTicket> IssueComplimentaryAsync(CurrentUser user, IssueComplimentaryTicketsOperation.Input input, string correlationId, CancellationToken ct = default) =>
        StartAsync(user, IssueComplimentaryTicketsOperation.Name, [input.EventId], input, correlationId, ct);

    /// <summary>ExportAttendees for an event the caller manages (the caller has checked that).</summary>
    public Task<OperationTicket> ExportAttendeesAsync(CurrentUser user, Guid eventId, string correlationId, CancellationToken ct = default) =>
        StartAsync(user, ExportAttendeesOperation.Name, [eventId], new EventInput(eventId), correlationId, ct);

    /// <summary>CancelEvent for an event the caller manages (the caller has checked that).</summary>
    public async Task<OperationTicket> CancelEventAsync(CurrentUser user, Guid eventId, string correlationId, CancellationToken ct = default) =>
        await StartAsync(user, CancelEventOperation.Name, await cancelEvent.AffectedTicketsAsync(eventId, ct), new EventInput(eventId), correlationId, ct);
}
