using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Payments;

/// <summary>Seed 004's paymentMethod. Only what identifies a card to its holder: never a number or CVC.</summary>
public sealed class PaymentMethod : ITimestamped
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string Owner { get; set; } = "";
    /// <summary>The Stripe PaymentMethod id (pm_…).</summary>
    public string PaymentMethodId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string OrganizerId { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string? CardHolderName { get; set; }
    public string? CardHolderZip { get; set; }
    public string Platform { get; set; } = "stripe";
    public CardInfo CardInfo { get; set; } = new();
    public bool IsActive { get; set; } = true;

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int RecordVersion { get; set; }
}

public sealed class CardInfo
{
    public string Brand { get; set; } = "";
    public string Last4 { get; set; } = "";
    public int ExpMonth { get; set; }
    public int ExpYear { get; set; }
}
