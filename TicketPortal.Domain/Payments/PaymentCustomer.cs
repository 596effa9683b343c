using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Payments;

/// <summary>Seed 004's paymentCustomer: the Stripe Customer of one user, per organizer.</summary>
public sealed class PaymentCustomer : ITimestamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Owner { get; set; } = "";
    public string UserId { get; set; } = "";
    public string OrganizerId { get; set; } = "";
    /// <summary>The Stripe Customer id (cus_…).</summary>
    public string CustomerId { get; set; } = "";
    public string Platform { get; set; } = "stripe";
    public bool IsActive { get; set; } = true;

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int RecordVersion { get; set; }
}
