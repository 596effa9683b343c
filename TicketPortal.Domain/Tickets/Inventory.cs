using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Events;

namespace TicketPortal.Domain.Tickets;

/// <summary>An event's held + sold count, changed only by single conditional UPDATEs: the database
/// decides atomically, so no lock is needed and no interleaving of buyers can oversell.</summary>
public static class Inventory
{
    /// <summary>Takes <paramref name="quantity"/> places if the event is on sale and has them free.</summary>
    public static async Task<bool> TryTakeAsync(PortalDbContext db, Guid eventId, int quantity, DateTime now, CancellationToken ct)
    {
        var rows = await db.Events
            .Where(e => e.Id == eventId && e.Status == EventStatus.Published && e.StartDate > now
                        && e.Reserved + quantity <= e.Capacity)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Reserved, e => e.Reserved + quantity), ct);
        return rows == 1;
    }

    /// <summary>Takes places back for a payment that arrived late: any status but cancelled will do.</summary>
    public static async Task<bool> TryRetakeAsync(PortalDbContext db, Guid eventId, int quantity, CancellationToken ct)
    {
        var rows = await db.Events
            .Where(e => e.Id == eventId && e.Status != EventStatus.Cancelled && e.Reserved + quantity <= e.Capacity)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Reserved, e => e.Reserved + quantity), ct);
        return rows == 1;
    }

    public static Task ReleaseAsync(PortalDbContext db, Guid eventId, int quantity, CancellationToken ct) =>
        db.Events.Where(e => e.Id == eventId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Reserved, e => e.Reserved - quantity), ct);
}
