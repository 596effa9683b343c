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
}
