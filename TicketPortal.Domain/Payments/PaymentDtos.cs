using System.Text.Json.Serialization;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Domain.Payments;

// The seed-004 shapes of ticketPayment, paymentCustomer and paymentMethod, as routes return them and
// database events carry them.

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
    string? RefundId,
    string? Attention) : IPublishedDto
{
    public static TicketPaymentDto From(TicketPayment p) => new(
        p.Id, p.Owner, p.OwnerId, p.OrderId, p.PaymentId, p.PaymentStatus, p.StatusLiteral,
        p.PaymentStatus == SessionStatus.Open ? p.RedirectUrl : null, p.OrganizerId, p.IsActive, p.RecordVersion, p.CreatedAt, p.UpdatedAt,
        p.Amount, p.Currency, p.PaymentIntentId, p.RefundId, p.Attention);
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
    DateTime UpdatedAt) : IPublishedDto
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
    DateTime UpdatedAt) : IPublishedDto
{
    public static PaymentMethodDto From(PaymentMethod m) => new(
        m.Id, m.Owner, m.PaymentMethodId, m.UserId, m.OrganizerId, m.CustomerId, m.CardHolderName, m.CardHolderZip, m.Platform,
        new CardInfoDto(m.CardInfo.Brand, m.CardInfo.Last4, m.CardInfo.ExpMonth, m.CardInfo.ExpYear),
        m.IsActive, m.RecordVersion, m.CreatedAt, m.UpdatedAt);
}
