using TicketPortal.Domain.Payments;
namespace TicketPortal.StripeSandbox;

/// <summary>Stripe's JSON shapes for the sandbox's objects (snake_case, "object" tags, expandable ids).</summary>
public static class SandboxJson
{
    public const string ApiVersion = "2026-10-28.endive";
    public static readonly IReadOnlySet<string> NoExpand = new HashSet<string>();

    public static Dictionary<string, object?> Customer(SandboxCustomer c) => new()
    {
        ["id"] = c.Id, ["object"] = "customer", ["email"] = c.Email, ["metadata"] = c.Metadata,
        ["created"] = c.Created, ["livemode"] = false,
    };

    public static Dictionary<string, object?> Session(SandboxSession s, SandboxStore store, IReadOnlySet<string> expand)
    {
        lock (s)
        {
            return new()
            {
                ["id"] = s.Id, ["object"] = "checkout.session", ["mode"] = "payment",
                ["amount_subtotal"] = s.AmountTotal, ["amount_total"] = s.AmountTotal, ["currency"] = s.Currency,
                ["customer"] = s.Customer, ["client_reference_id"] = s.ClientReferenceId, ["metadata"] = s.Metadata,
                ["payment_intent"] = s.PaymentIntent is { } pi && expand.Any(e => e.StartsWith("payment_intent", StringComparison.Ordinal))
                    && store.Intents.TryGetValue(pi, out var intent)
                    ? Intent(intent, store, expand, "payment_intent.")
                    : s.PaymentIntent,
                ["payment_status"] = s.PaymentStatus, ["status"] = s.Status,
                ["success_url"] = s.SuccessUrl, ["cancel_url"] = s.CancelUrl,
                ["url"] = s.Status == SessionStatus.Open ? s.Url : null,
                ["created"] = s.Created, ["expires_at"] = s.ExpiresAt, ["livemode"] = false,
            };
        }
    }

    public static Dictionary<string, object?> Intent(SandboxPaymentIntent pi, SandboxStore store, IReadOnlySet<string> expand, string prefix) => new()
    {
        ["id"] = pi.Id, ["object"] = "payment_intent", ["amount"] = pi.Amount, ["amount_received"] = pi.Amount,
        ["currency"] = pi.Currency, ["customer"] = pi.Customer, ["status"] = "succeeded",
        ["payment_method"] = expand.Contains(prefix + "payment_method") && store.Methods.TryGetValue(pi.PaymentMethod, out var pm)
            ? Method(pm)
            : pi.PaymentMethod,
        ["created"] = pi.Created, ["livemode"] = false,
    };

    public static Dictionary<string, object?> Method(SandboxPaymentMethod pm) => new()
    {
        ["id"] = pm.Id, ["object"] = "payment_method", ["type"] = "card", ["customer"] = pm.Customer,
        ["card"] = new Dictionary<string, object?>
        {
            ["brand"] = pm.Brand, ["last4"] = pm.Last4, ["exp_month"] = pm.ExpMonth, ["exp_year"] = pm.ExpYear,
            ["funding"] = "credit", ["country"] = "US",
        },
        ["billing_details"] = new Dictionary<string, object?>
        {
            ["name"] = pm.Name,
            ["address"] = new Dictionary<string, object?> { ["postal_code"] = pm.PostalCode },
        },
        ["created"] = pm.Created, ["livemode"] = false,
    };

    public static Dictionary<string, object?> Refund(SandboxRefund r) => new()
    {
        ["id"] = r.Id, ["object"] = "refund", ["amount"] = r.Amount, ["currency"] = r.Currency,
        ["payment_intent"] = r.PaymentIntent, ["status"] = "succeeded", ["created"] = r.Created,
    };

    public static Dictionary<string, object?> Event(string id, string type, object data, long created) => new()
    {
        ["id"] = id, ["object"] = "event", ["api_version"] = ApiVersion, ["created"] = created, ["type"] = type,
        ["data"] = new Dictionary<string, object?> { ["object"] = data },
        ["livemode"] = false, ["pending_webhooks"] = 1,
        ["request"] = new Dictionary<string, object?> { ["id"] = null, ["idempotency_key"] = null },
    };
}
