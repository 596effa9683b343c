using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Payments;

/// <summary>Seed 004's paymentMethod. Only what identifies a card to its holder: never a number or CVC.</summary>
public sealed class PaymentMethod : ITimestamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
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

    public const int MaxHolderName = 200;
    public const int MaxHolderZip = 20;
    public const int MaxBrand = 32;

    /// <summary>A card the provider reported, cut to what the database keeps: whatever a buyer typed on the card
    /// page, saving it can never fail (a failing save would make the webhook fail on every retry).</summary>
    public static PaymentMethod FromCard(CardDetails card, string userId, string organizerId, string customerId) => new()
    {
        Owner = userId, UserId = userId, OrganizerId = organizerId, CustomerId = customerId,
        PaymentMethodId = card.PaymentMethodId,
        CardHolderName = Clip(card.HolderName?.Trim(), MaxHolderName),
        CardHolderZip = Clip(card.HolderZip?.Trim(), MaxHolderZip),
        CardInfo = new CardInfo
        {
            Brand = Clip(card.Brand, MaxBrand) ?? "",
            Last4 = card.Last4.Length > 4 ? card.Last4[^4..] : card.Last4,
            ExpMonth = card.ExpMonth,
            ExpYear = card.ExpYear,
        },
    };

    private static string? Clip(string? value, int max) => value is { Length: > 0 } v ? (v.Length > max ? v[..max] : v) : null;
}

public sealed class CardInfo
{
    public string Brand { get; set; } = "";
    public string Last4 { get; set; } = "";
    public int ExpMonth { get; set; }
    public int ExpYear { get; set; }
}
