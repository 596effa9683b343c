namespace TicketPortal.Domain.Tickets;

public sealed class TicketOptions
{
    /// <summary>How long a reservation holds inventory before it expires, unless paid.</summary>
    public TimeSpan Hold { get; set; } = TimeSpan.FromMinutes(10);
    public int MaxQuantity { get; set; } = 10;
}
