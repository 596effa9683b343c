using System.Linq.Expressions;

namespace TicketPortal.Domain.Tickets;

/// <summary>Reserved → CheckoutStarted → Paid → (Refunded | Cancelled); Reserved/CheckoutStarted → Expired
/// or Cancelled. Reserved and CheckoutStarted hold inventory, Paid has sold it, the rest have released it.</summary>
public enum TicketStatus
{
    Reserved,
    CheckoutStarted,
    Paid,
    Refunded,
    Cancelled,
    Expired,
}

public static class TicketStatuses
{
    public static bool IsHolding(this TicketStatus s) => s is TicketStatus.Reserved or TicketStatus.CheckoutStarted;
    public static bool TakesInventory(this TicketStatus s) => s.IsHolding() || s == TicketStatus.Paid;

    /// <summary><see cref="TakesInventory"/> as a query can use it: tickets held, in checkout or paid.</summary>
    public static readonly Expression<Func<Ticket, bool>> TakingInventory =
        t => t.Status == TicketStatus.Reserved || t.Status == TicketStatus.CheckoutStarted || t.Status == TicketStatus.Paid;
}
