using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Events;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.Operations;

/// <summary>CancelEvent: the event becomes Cancelled, every hold ends (its card page closed first) and every
/// paid ticket is refunded through the provider. The cancellation itself is one change that either happens or
/// fails validation untouched; then each ticket is handled on its own: a refund the provider refuses is
/// claimed, retried by the refund job with back-off and reported in the ticket's details, never stopping the
/// others.</summary>
public sealed class CancelEventOperation(
    PortalDbContext db,
    HoldExpiry holds,
    RefundService refunds,
    Seats.SeatLocks seatLocks,
    ILogger<CancelEventOperation> log) : IOperationHandler
{
    public const string Name = "CancelEvent";
    public const string HoldReason = "The event was cancelled; the hold ended and nothing was charged.";
    public const string RefundReason = "The event was cancelled; your payment was refunded in full.";

    public string Operation => Name;

    /// <summary>Paid tickets of the event: the buyers a cancellation refunds (the confirmation says how many).</summary>
    public Task<int> PaidTicketsAsync(Guid eventId, CancellationToken ct) =>
        db.Tickets.CountAsync(t => t.EventId == eventId && t.Status == TicketStatus.Paid, ct);

    /// <summary>The tickets the cancellation will touch (held or paid), listed as the operation's objectIds.</summary>
    public Task<List<Guid>> AffectedTicketsAsync(Guid eventId, CancellationToken ct) =>
        db.Tickets.Where(t => t.EventId == eventId).Where(TicketStatuses.TakingInventory)
            .OrderBy(t => t.CreatedAt).Select(t => t.Id).ToListAsync(ct);

    public async Task<OperationOutcome> RunAsync(OperationTicket ticket, Func<int, Task> progress, CancellationToken ct)
    {
        var input = System.Text.Json.JsonSerializer.Deserialize<EventInput>(ticket.Input) ?? throw new InvalidOperationException("The operation has no input.");
        var e = await db.Events.FirstOrDefaultAsync(x => x.Id == input.EventId, ct);
        if (e is null)
            return Invalid($"Event '{input.EventId}' does not exist.");
        if (e.Cancel() is { } refused)
            return Invalid(refused.Message);
        await db.SaveChangesAsync(ct);
        // The event will not happen: resale listings end, so every sold seat can be refunded.
        await seatLocks.EndListingsAsync(e.Id, ct);

        // Tickets bought while the job was waiting count too: every ticket still holding or paid now.
        var actor = new Actor(ticket.Initiator ?? e.OrganizerId, IsAdmin: true);
        var affected = await AffectedTicketsAsync(e.Id, ct);
        var notes = new List<OperationDetails.ValidationResult>();
        var done = 0;
        foreach (var id in affected)
        {
            db.ChangeTracker.Clear();
            try
            {
                var status = await StatusAsync(id, ct);
                if (status.IsHolding())
                {
                    await holds.EndHoldNowAsync(id, HoldReason, ct);
                    // A payment applied between reading the status and ending the hold made it Paid: refund it too.
                    db.ChangeTracker.Clear();
                    status = await StatusAsync(id, ct);
                }
                if (status == TicketStatus.Paid)
                {
                    var refunded = await refunds.RefundAsync(actor, id, RefundReason, ct);
                    if (refunded.Value is { Ticket.Status: not TicketStatus.Refunded } view)
                        notes.Add(new("TicketId", $"Ticket '{id}': the refund was refused: {view.Payment?.Attention ?? view.Ticket.StatusReason}", id.ToString()));
                    else if (refunded.Failure is { } notRefunded)
                        notes.Add(new("TicketId", $"Ticket '{id}': the refund was refused: {notRefunded.Message}", id.ToString()));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Claimed refunds are finished by the refund job with back-off; holds by the expiry job.
                log.LogWarning(ex, "Cancelling event {EventId}: ticket {TicketId} could not be finished now", e.Id, id);
                notes.Add(new("TicketId", $"Ticket '{id}': {Safe(ex)} It is retried in the background.", id.ToString()));
            }
            await progress(++done);
        }
        return notes.Count == 0
            ? OperationOutcome.Success
            : new OperationOutcome(Notes: OperationDetails.Notes($"{notes.Count} of {affected.Count} tickets are still being finished.", notes));

        static OperationOutcome Invalid(string message) => new([new OperationDetails.ValidationResult("EventId", message)]);
    }

    private Task<TicketStatus> StatusAsync(Guid id, CancellationToken ct) =>
        db.Tickets.Where(t => t.Id == id).Select(t => t.Status).FirstAsync(ct);

    private static string Safe(Exception ex) => ex is Payments.PaymentGatewayException ? ex.Message : "The database or a service failed.";
}
