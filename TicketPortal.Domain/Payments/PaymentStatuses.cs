namespace TicketPortal.Domain.Payments;

/// <summary>A Checkout Session's status, as Stripe names it; stored as ticketPayment.paymentStatus.</summary>
public static class SessionStatus
{
    public const string Open = "open";
    public const string Complete = "complete";
    public const string Expired = "expired";

    public static readonly string[] All = [Open, Complete, Expired];
}

/// <summary>ticketPayment.statusLiteral: the session's payment_status as Stripe names it, plus the two
/// refund states the portal adds.</summary>
public static class PaymentLiteral
{
    public const string Unpaid = "unpaid";
    public const string Paid = "paid";
    public const string NoPaymentRequired = "no_payment_required";
    /// <summary>A refund claimed in the database whose money has not gone back yet; the refresh job finishes it.</summary>
    public const string RefundPending = "refund_pending";
    public const string Refunded = "refunded";

    public static readonly string[] All = [Unpaid, Paid, NoPaymentRequired, RefundPending, Refunded];

    public static bool IsRefund(string literal) => literal is RefundPending or Refunded;
}
