using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Tickets;

/// <summary>What a ticket holds of its event: a number of places (<see cref="PlaceInventory"/>) and, on a seated
/// event, its seats (<see cref="Seats.SeatInventory"/>). The hold, payment, expiry, cancel, refund and late-payment
/// paths call only this, inside the transaction that saves the ticket's new status, so they never branch on the
/// event's kind.</summary>
public interface IInventory
{
    /// <summary>Takes what the new ticket asks for if the event is on sale and has it free; otherwise says why not.</summary>
    Task<Failure?> TryTakeAsync(Ticket ticket, DateTime now, CancellationToken ct);

    /// <summary>Takes it again for a payment that arrived after the hold lapsed; any event status but cancelled will do.</summary>
    Task<bool> TryRetakeAsync(Ticket ticket, CancellationToken ct);

    /// <summary>The ticket was paid: what it held is sold (saved with the ticket).</summary>
    Task SellAsync(Ticket ticket, CancellationToken ct);

    /// <summary>Gives back what the ticket held (it expired, was cancelled or refunded).</summary>
    Task ReleaseAsync(Ticket ticket, CancellationToken ct);

    /// <summary>Why what the ticket holds may not change now (a seat locked by the seller's listing), or null.</summary>
    Task<Failure?> CheckMovableAsync(Ticket ticket, CancellationToken ct);
}
