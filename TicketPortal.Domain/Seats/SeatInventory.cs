using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.Seats;

/// <summary>The inventory of every event: places are counted by <see cref="PlaceInventory"/> (a seated event's
/// capacity is its seat count), and on a seated event the ticket's seats move with them. The place count is
/// taken first: its conditional UPDATE locks the event's row until commit, so the seats read after it are the
/// committed truth and two buyers racing for one seat cannot both see it free. Seats change as tracked
/// entities under their recordVersion, so each change is published and a lock that slips in between is a
/// conflict, never a double sale.</summary>
public sealed class SeatInventory(PortalDbContext db, PlaceInventory places) : IInventory
{
    public async Task<Failure?> TryTakeAsync(Ticket ticket, DateTime now, CancellationToken ct)
    {
        // Most events are not sold by seat: one UPDATE that applies only to such an event answers their holds without
        // asking for the event's seats. Its row lock keeps that true until commit: a seat map is set only on an event
        // with nothing held.
        if (await places.TakeAsync(ticket, now, seated: false, ct))
            return null;
        if (!await places.TakeAsync(ticket, now, seated: true, ct))
            return await places.RefusalAsync(ticket, ct);
        if (ticket.Seats.Count == 0)
            return await AssignBestAsync(ticket, ct);

        var ids = ticket.Seats.Select(s => s.SeatId).ToList();
        var seats = await db.Seats.Where(s => s.EventId == ticket.EventId && ids.Contains(s.Id)).ToListAsync(ct);
        var taken = seats.Where(s => !s.CanBeTaken).Select(s => s.Label).ToList();
        if (seats.Count != ids.Count)
            return Failure.Invalid([new("seatIds", "seatIds names a seat that is not part of this event.", ticket, nameof(ticket.Seats))]);
        if (taken.Count > 0)
            return Failure.Conflict(taken.Count == 1 ? $"{taken[0]} was just taken by someone else. Pick another seat." : $"These seats were just taken by someone else: {string.Join(", ", taken)}. Pick others.");
        foreach (var seat in seats)
            seat.Take(ticket.Id, sold: ticket.Status == TicketStatus.Paid);
        return null;
    }

    public async Task<bool> TryRetakeAsync(Ticket ticket, CancellationToken ct)
    {
        if (!await places.TryRetakeAsync(ticket, ct))
            return false;
        var seats = await SeatsOfAsync(ticket.Id, ct);
        if (seats.Count == 0)
            return true;
        // Someone has the seats now: the caller rolls the places back with its transaction and refunds.
        if (seats.Any(s => !s.CanBeTaken))
            return false;
        foreach (var seat in seats)
            seat.Take(ticket.Id, sold: true);
        return true;
    }

    public async Task SellAsync(Ticket ticket, CancellationToken ct)
    {
        foreach (var seat in await SeatsOfAsync(ticket.Id, ct))
            if (seat.TicketId == ticket.Id)
                seat.Sell();
    }

    public async Task ReleaseAsync(Ticket ticket, CancellationToken ct)
    {
        await places.ReleaseAsync(ticket, ct);
        var held = await db.Seats.Where(s => s.TicketId == ticket.Id).ToListAsync(ct);
        foreach (var seat in held)
            seat.Release();
        if (held.Count > 0)
            await db.SaveChangesAsync(ct);
    }

    /// <summary>The seats are read tracked: the release that follows saves them under the versions read here, so a
    /// lock that commits in between makes that save conflict (and the caller's retry sees the lock).</summary>
    public async Task<Failure?> CheckMovableAsync(Ticket ticket, CancellationToken ct)
    {
        var locked = (await db.Seats.Where(s => s.TicketId == ticket.Id).ToListAsync(ct)).Where(s => s.IsLocked).Select(s => s.Label).ToList();
        return locked.Count == 0
            ? null
            : Failure.Conflict($"{string.Join(", ", locked)} {(locked.Count == 1 ? "is" : "are")} locked by the seller's listing; unlock before changing this ticket.");
    }

    /// <summary>A seated ticket bought by quantity (the API without seatIds, complimentary tickets): the first free
    /// seats of the ticket's tier in the organizer's drawing order, together in a row when a row has room.</summary>
    private async Task<Failure?> AssignBestAsync(Ticket ticket, CancellationToken ct)
    {
        var free = await db.Seats
            .Where(s => s.EventId == ticket.EventId && s.PriceTierId == ticket.PriceTierId && s.Status == SeatStatus.Available && !s.IsLocked)
            .OrderBy(s => s.SortOrder).ToListAsync(ct);
        var together = free.GroupBy(s => (s.Section, s.Row)).FirstOrDefault(g => g.Count() >= ticket.Quantity);
        var chosen = (together ?? free.AsEnumerable()).Take(ticket.Quantity).ToList();
        if (chosen.Count < ticket.Quantity)
            return Failure.Conflict(free.Count == 0
                ? $"No seats are left in {ticket.TierName}."
                : $"Only {free.Count} seats are left in {ticket.TierName}; {ticket.Quantity} requested.");
        foreach (var seat in chosen)
        {
            seat.Take(ticket.Id, sold: ticket.Status == TicketStatus.Paid);
            ticket.Seats.Add(new TicketSeat(seat));
        }
        return null;
    }

    private Task<List<Seat>> SeatsOfAsync(Guid ticketId, CancellationToken ct)
    {
        var ids = db.TicketSeats.Where(t => t.TicketId == ticketId).Select(t => t.SeatId);
        return db.Seats.Where(s => ids.Contains(s.Id)).ToListAsync(ct);
    }
}
