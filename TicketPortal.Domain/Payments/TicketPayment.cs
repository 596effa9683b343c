using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Payments;

/// <summary>Seed 004's ticketPayment: one Stripe Checkout Session for one ticket (orderId).</summary>
public sealed class TicketPayment : ITimestamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Owner { get; set; } = "";
    public string OwnerId { get; set; } = "";
    /// <summary>The ticket this payment pays for.</summary>
    public Guid OrderId { get; set; }
    /// <summary>The Stripe Checkout Session id (cs_…).</summary>
    public string PaymentId { get; set; } = "";
    /// <summary>The session's status: open, complete or expired.</summary>
    public string PaymentStatus { get; set; } = SessionStatus.Open;
    /// <summary>The session's payment_status (unpaid, paid, no_payment_required) or refunded.</summary>
    public string StatusLiteral { get; set; } = PaymentLiteral.Unpaid;
    public string? RedirectUrl { get; set; }
    public string OrganizerId { get; set; } = "";
    public string? PaymentIntentId { get; set; }
    public string? RefundId { get; set; }
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "";
    public bool IsActive { get; set; } = true;
    /// <summary>Why a person must look at this payment (a refund the provider refused for good, or keeps
    /// failing); null when all is well. Organizers and admins list these.</summary>
    public string? Attention { get; set; }
    /// <summary>Refund attempts that failed so far, and when the next one is due (back-off).</summary>
    public int RefundAttempts { get; set; }
    public DateTime? NextRefundAttemptAt { get; set; }

    /// <summary>The record of a ticket that costs nothing (free tier, complimentary): complete at once, no
    /// provider session behind <paramref name="paymentId"/>.</summary>
    public static TicketPayment WithoutCharge(Tickets.Ticket ticket, string paymentId) => new()
    {
        Owner = ticket.UserId, OwnerId = ticket.UserId, OrderId = ticket.Id, OrganizerId = ticket.OrganizerId,
        PaymentId = paymentId, PaymentStatus = SessionStatus.Complete, StatusLiteral = PaymentLiteral.NoPaymentRequired,
        Amount = 0, Currency = ticket.Currency,
    };

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int RecordVersion { get; set; }
}
