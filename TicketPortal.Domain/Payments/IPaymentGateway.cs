namespace TicketPortal.Domain.Payments;

/// <summary>What the domain needs from the payment provider (Stripe, or its built-in sandbox).
/// Defined here in domain terms so no Stripe type crosses into the domain.</summary>
public interface IPaymentGateway
{
    Task<string> CreateCustomerAsync(CustomerRequest request, CancellationToken ct);
    Task<CheckoutSession> CreateCheckoutSessionAsync(CheckoutRequest request, CancellationToken ct);
    Task<CheckoutSession> GetCheckoutSessionAsync(string sessionId, CancellationToken ct);
    /// <summary>Expires an open session; returns the session as it is afterwards (it may have completed first).</summary>
    Task<CheckoutSession> ExpireCheckoutSessionAsync(string sessionId, CancellationToken ct);
    /// <summary>Refunds a payment in full; the key makes a retried refund a no-op. Returns the refund id.</summary>
    Task<string> RefundAsync(string paymentIntentId, string idempotencyKey, CancellationToken ct);
}

public sealed record CustomerRequest(string UserId, string OrganizerId, string? Email, string IdempotencyKey);

public sealed record CheckoutRequest(
    Guid TicketId,
    string CustomerId,
    string Description,
    decimal UnitPrice,
    int Quantity,
    string Currency,
    string SuccessUrl,
    string CancelUrl,
    DateTime ExpiresAt,
    string IdempotencyKey);

public sealed record CheckoutSession(
    string Id,
    string? Url,
    string Status,
    string PaymentStatus,
    string? PaymentIntentId,
    CardDetails? Card)
{
    public bool IsPaid => Status == SessionStatus.Complete && PaymentStatus is PaymentLiteral.Paid or PaymentLiteral.NoPaymentRequired;
    public bool IsExpired => Status == SessionStatus.Expired;
}

public sealed record CardDetails(string PaymentMethodId, string Brand, string Last4, int ExpMonth, int ExpYear, string? HolderName, string? HolderZip);

/// <summary>The provider refused or failed; Message is safe to show. <see cref="Code"/> is the provider's error
/// code when it refused (Stripe's, e.g. charge_already_refunded), null when it could not be reached.</summary>
public sealed class PaymentGatewayException(string message, Exception? inner = null, string? code = null) : Exception(message, inner)
{
    public const string AlreadyRefunded = "charge_already_refunded";
    public const string Disputed = "charge_disputed";

    public string? Code { get; } = code;
}
