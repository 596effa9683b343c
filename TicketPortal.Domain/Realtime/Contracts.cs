using System.Text.Json.Serialization;
using TicketPortal.Domain.Payments;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.Realtime;

// The seed-004 shapes of the four ticket-service objects: the REST routes return them and the
// database events carry them, so a subscriber sees exactly what an API client sees.

/// <summary>Seed 004's ticket, plus what a buyer needs to see: tier, quantity, hold and why.</summary>
public sealed record TicketDto(
    Guid Id,
    [property: JsonPropertyName("_owner")] string Owner,
    Guid EventId,
    string UserId,
    decimal Price,
    DateTime EventStartDate,
    int EventMinutes,
    string Status,
    DateTime StatusUpdateDate,
    string OrganizerId,
    bool IsActive,
    int RecordVersion,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    Guid PriceTierId,
    string TierName,
    int Quantity,
    decimal UnitPrice,
    string Currency,
    DateTime? HoldExpiresAt,
    string? StatusReason,
    DateTime? PaidAt)
{
    public static TicketDto From(Ticket t) => new(
        t.Id, t.Owner, t.EventId, t.UserId, t.Price, t.EventStartDate, t.EventMinutes, t.Status.ToString(), t.StatusUpdateDate,
        t.OrganizerId, t.IsActive, t.RecordVersion, t.CreatedAt, t.UpdatedAt, t.PriceTierId, t.TierName, t.Quantity, t.UnitPrice,
        t.Currency, t.Status.IsHolding() ? t.HoldExpiresAt : null, t.StatusReason, t.PaidAt);
}

public sealed record TicketPaymentDto(
    Guid Id,
    [property: JsonPropertyName("_owner")] string Owner,
    string OwnerId,
    Guid OrderId,
    string PaymentId,
    string PaymentStatus,
    string StatusLiteral,
    string? RedirectUrl,
    string OrganizerId,
    bool IsActive,
    int RecordVersion,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    decimal Amount,
    string Currency,
    string? PaymentIntentId,
    string? RefundId)
{
    public static TicketPaymentDto From(TicketPayment p) => new(
        p.Id, p.Owner, p.OwnerId, p.OrderId, p.PaymentId, p.PaymentStatus, p.StatusLiteral,
        p.PaymentStatus == "open" ? p.RedirectUrl : null, p.OrganizerId, p.IsActive, p.RecordVersion, p.CreatedAt, p.UpdatedAt,
        p.Amount, p.Currency, p.PaymentIntentId, p.RefundId);
}

public sealed record PaymentCustomerDto(
    Guid Id,
    [property: JsonPropertyName("_owner")] string Owner,
    string UserId,
    string OrganizerId,
    string CustomerId,
    string Platform,
    bool IsActive,
    int RecordVersion,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static PaymentCustomerDto From(PaymentCustomer c) =>
        new(c.Id, c.Owner, c.UserId, c.OrganizerId, c.CustomerId, c.Platform, c.IsActive, c.RecordVersion, c.CreatedAt, c.UpdatedAt);
}

public sealed record CardInfoDto(string Brand, string Last4, int ExpMonth, int ExpYear);

public sealed record PaymentMethodDto(
    Guid Id,
    [property: JsonPropertyName("_owner")] string Owner,
    string PaymentMethodId,
    string UserId,
    string OrganizerId,
    string CustomerId,
    string? CardHolderName,
    string? CardHolderZip,
    string Platform,
    CardInfoDto CardInfo,
    bool IsActive,
    int RecordVersion,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public static PaymentMethodDto From(PaymentMethod m) => new(
        m.Id, m.Owner, m.PaymentMethodId, m.UserId, m.OrganizerId, m.CustomerId, m.CardHolderName, m.CardHolderZip, m.Platform,
        new CardInfoDto(m.CardInfo.Brand, m.CardInfo.Last4, m.CardInfo.ExpMonth, m.CardInfo.ExpYear),
        m.IsActive, m.RecordVersion, m.CreatedAt, m.UpdatedAt);
}
