using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.Operations;

/// <summary>DeleteTickets: soft-deletes unpaid tickets (held ones give their places back). All or nothing: if any
/// ticket is unknown to the initiator, paid, or in the middle of a checkout, none is touched and the ticket
/// fails with a validation result per offending ticket.</summary>
public sealed class DeleteTicketsOperation(PortalDbContext db, TicketWriter tickets) : IOperationHandler
{
    public const string Name = "DeleteTickets";
    public const int MaxTickets = 1000;

    public string Operation => Name;

    /// <summary>Checks the request before a ticket is issued for it.</summary>
    public static IReadOnlyList<FieldError> Validate(IReadOnlyList<Guid>? ids, object owner)
    {
        if (ids is null || ids.Count == 0)
            return [new("ticketIds", "ticketIds must name at least one ticket.", owner, "TicketIds")];
        if (ids.Count > MaxTickets)
            return [new("ticketIds", $"ticketIds may name at most {MaxTickets} tickets.", owner, "TicketIds")];
        return ids.Distinct().Count() != ids.Count ? [new("ticketIds", "ticketIds must not repeat a ticket.", owner, "TicketIds")] : [];
    }

    public async Task<OperationOutcome> RunAsync(OperationTicket ticket, Func<int, Task> progress, CancellationToken ct)
    {
        var actor = await InitiatorAsync(ticket, ct);
        var ids = ticket.ObjectIds;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var found = await db.Tickets.Where(t => ids.Contains(t.Id)).ToListAsync(ct);
        var errors = new List<OperationDetails.ValidationResult>();
        foreach (var id in ids)
        {
            var t = found.FirstOrDefault(x => x.Id == id);
            if (t is null || !TicketWriter.CanSee(actor, t) || (t.UserId != actor.UserId && !actor.IsAdmin))
                errors.Add(new("TicketId", $"Ticket '{id}' does not exist.", id.ToString()));
            else if (t.Status is TicketStatus.Paid or TicketStatus.Refunded)
                errors.Add(new("TicketId", $"Ticket '{id}' is {t.Status.ToString().ToLowerInvariant()}; only unpaid tickets can be deleted.", id.ToString()));
            else if (t.Status == TicketStatus.CheckoutStarted)
                errors.Add(new("TicketId", $"Ticket '{id}' is in checkout; cancel it first so its card page closes.", id.ToString()));
        }
        if (errors.Count > 0)
            return new OperationOutcome(errors); // nothing changed: the transaction rolls back unused

        var done = 0;
        foreach (var t in found)
        {
            var tookInventory = t.Status.TakesInventory();
            t.Delete(tickets.Now);
            await tickets.SaveReleasingAsync(t, tookInventory, ct);
            await progress(++done);
        }
        await tx.CommitAsync(ct);
        return OperationOutcome.Success;
    }

    private async Task<Actor> InitiatorAsync(OperationTicket ticket, CancellationToken ct)
    {
        var id = ticket.Initiator ?? "";
        var isAdmin = await db.UserRoles.AnyAsync(r => r.UserId == id
            && db.Roles.Any(role => role.Id == r.RoleId && role.Name == Accounts.Roles.Admin), ct);
        return new Actor(id, isAdmin);
    }

    public sealed record Input(IReadOnlyList<Guid> TicketIds);
}
