using TicketPortal.Domain.Payments;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace TicketPortal.StripeSandbox;

/// <summary>The sandbox's memory of customers, checkout sessions, payment intents, payment methods and
/// refunds. It stands in for Stripe's servers, so like them it is not the portal's database; it is
/// lost on restart (the refresh job then finds the session gone and the hold expires as usual).</summary>
public sealed class SandboxStore(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Lazy<object>> idempotent = new();

    public ConcurrentDictionary<string, SandboxCustomer> Customers { get; } = new();
    public ConcurrentDictionary<string, SandboxSession> Sessions { get; } = new();
    public ConcurrentDictionary<string, SandboxPaymentIntent> Intents { get; } = new();
    public ConcurrentDictionary<string, SandboxPaymentMethod> Methods { get; } = new();
    public ConcurrentDictionary<string, SandboxRefund> Refunds { get; } = new();

    public long Now => clock.GetUtcNow().ToUnixTimeSeconds();

    public static string NewId(string prefix) => $"{prefix}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";

    /// <summary>Stripe's Idempotency-Key: the same key on the same route returns the first result.</summary>
    public T Once<T>(string route, string? key, Func<T> create) where T : class =>
        key is null ? create() : (T)idempotent.GetOrAdd($"{route}:{key}", _ => new Lazy<object>(create)).Value;

    public SandboxSession? Session(string id)
    {
        if (!Sessions.TryGetValue(id, out var session))
            return null;
        lock (session)
        {
            if (session.Status == SessionStatus.Open && session.ExpiresAt <= Now)
                session.Status = SessionStatus.Expired;
        }
        return session;
    }
}

public sealed record SandboxCustomer(string Id, string? Email, Dictionary<string, string> Metadata, long Created);

public sealed class SandboxSession
{
    public required string Id { get; init; }
    public string? Customer { get; init; }
    public string? ClientReferenceId { get; init; }
    public Dictionary<string, string> Metadata { get; init; } = [];
    public required string SuccessUrl { get; init; }
    public string? CancelUrl { get; init; }
    public required string Currency { get; init; }
    public required string ProductName { get; init; }
    public long UnitAmount { get; init; }
    public long Quantity { get; init; }
    public long AmountTotal => UnitAmount * Quantity;
    public long Created { get; init; }
    public long ExpiresAt { get; init; }
    public required string Url { get; init; }
    public string Status { get; set; } = SessionStatus.Open;
    public string PaymentStatus { get; set; } = PaymentLiteral.Unpaid;
    public string? PaymentIntent { get; set; }
}

public sealed record SandboxPaymentIntent(string Id, long Amount, string Currency, string? Customer, string PaymentMethod, long Created)
{
    public long AmountRefunded { get; set; }
    /// <summary>The buyer's bank disputes the charge (test card 4000 0000 0000 0259): it cannot be refunded.</summary>
    public bool Disputed { get; set; }
}

public sealed record SandboxPaymentMethod(string Id, string Brand, string Last4, int ExpMonth, int ExpYear, string? Name, string? PostalCode, string? Customer, long Created);

public sealed record SandboxRefund(string Id, string PaymentIntent, long Amount, string Currency, long Created);
