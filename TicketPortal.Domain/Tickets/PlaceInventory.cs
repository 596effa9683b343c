using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Events;

namespace TicketPortal.Domain.Tickets;

/// <summary>General admission: an event's held + sold count (<see cref="Event.Reserved"/>), changed only by
/// single conditional UPDATEs. The database decides atomically, so no lock is needed and no interleaving of
/// buyers can oversell.</summary>
public sealed class PlaceInventory(PortalDbContext db) : IInventory
{
    public async Task<Failure?> TryTakeAsync(Ticket ticket, DateTime now, CancellationToken ct)
    {
        var quantity = ticket.Quantity;
        var rows = await db.Events
            .Where(e => e.Id == ticket.EventId && e.Status == EventStatus.Published && e.StartDate > now
                        && e.Reserved + quantity <= e.Capacity)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Reserved, e => e.Reserved + quantity), ct);
        if (rows == 1)
            return null;
        var remaining = await db.Events.Where(e => e.Id == ticket.EventId).Select(e => e.Capacity - e.Reserved).SingleAsync(ct);
        return NotEnough(remaining, quantity);
    }

    public static Failure NotEnough(int remaining, int quantity) => Failure.Conflict(remaining <= 0
        ? "Sold out: no tickets are left for this event."
        : $"Not enough tickets left: {remaining} remaining, {quantity} requested.");

    public async Task<bool> TryRetakeAsync(Ticket ticket, CancellationToken ct)
    {
        var quantity = ticket.Quantity;
        var rows = await db.Events
            .Where(e => e.Id == ticket.EventId && e.Status != EventStatus.Cancelled && e.Reserved + quantity <= e.Capacity)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Reserved, e => e.Reserved + quantity), ct);
        return rows == 1;
    }

    public Task SellAsync(Ticket ticket, CancellationToken ct) => Task.CompletedTask;

    public Task<Failure?> CheckMovableAsync(Ticket ticket, CancellationToken ct) => Task.FromResult<Failure?>(null);

    public Task ReleaseAsync(Ticket ticket, CancellationToken ct) =>
        db.Events.Where(e => e.Id == ticket.EventId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Reserved, e => e.Reserved - ticket.Quantity), ct);
}
