using TicketPortal.Domain.Payments;
using Microsoft.Extensions.Primitives;
using TicketPortal.Payments;

namespace TicketPortal.StripeSandbox;

/// <summary>The slice of Stripe's HTTP API the portal uses, served at /stripe-sandbox/v1 with Stripe's
/// shapes (form-encoded requests, snake_case JSON, expand[], Idempotency-Key, error objects), so that
/// Stripe.net talks to it exactly as it talks to Stripe.</summary>
public static class SandboxApi
{
    public const string Prefix = StripeSettings.SandboxPrefix;

    // In constant time: a configured key (shared by instances) must not be guessable from response times.
    private static bool KeyMatches(string authorization, string key) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(authorization), System.Text.Encoding.UTF8.GetBytes($"Bearer {key}"));

    public static IEndpointRouteBuilder MapSandboxApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup($"{Prefix}/v1").ExcludeFromDescription().DisableAntiforgery()
            .AddEndpointFilter(async (ctx, next) =>
                KeyMatches(ctx.HttpContext.Request.Headers.Authorization.ToString(), ctx.HttpContext.RequestServices.GetRequiredService<StripeSettings>().SandboxKey)
                    ? await next(ctx)
                    : Error(401, "authentication_error", "Invalid API key provided."));

        v1.MapPost("/customers", CreateCustomer);
        v1.MapGet("/customers/{id}", (string id, SandboxStore store) =>
            store.Customers.TryGetValue(id, out var c) ? Results.Json(SandboxJson.Customer(c)) : Missing("customer", id));

        v1.MapPost("/checkout/sessions", CreateSession);
        v1.MapGet("/checkout/sessions/{id}", (string id, HttpRequest request, SandboxStore store) =>
            store.Session(id) is { } s ? Results.Json(SandboxJson.Session(s, store, Expands(request.Query))) : Missing("checkout.session", id));
        v1.MapPost("/checkout/sessions/{id}/expire", ExpireSession);

        v1.MapGet("/payment_intents/{id}", (string id, HttpRequest request, SandboxStore store) =>
            store.Intents.TryGetValue(id, out var pi) ? Results.Json(SandboxJson.Intent(pi, store, Expands(request.Query), "")) : Missing("payment_intent", id));
        v1.MapGet("/payment_methods/{id}", (string id, SandboxStore store) =>
            store.Methods.TryGetValue(id, out var pm) ? Results.Json(SandboxJson.Method(pm)) : Missing("payment_method", id));
        v1.MapPost("/refunds", CreateRefund);
        return app;
    }

    private static async Task<IResult> CreateCustomer(HttpRequest request, SandboxStore store)
    {
        var form = await request.ReadFormAsync();
        var customer = store.Once("customers", Key(request), () =>
        {
            var c = new SandboxCustomer(SandboxStore.NewId("cus"), form["email"].ToString() is { Length: > 0 } e ? e : null,
                Metadata(form), store.Now);
            store.Customers[c.Id] = c;
            return c;
        });
        return Results.Json(SandboxJson.Customer(customer));
    }

    private static async Task<IResult> CreateSession(HttpRequest request, SandboxStore store)
    {
        var form = await request.ReadFormAsync();
        var success = form["success_url"].ToString();
        var currency = form["line_items[0][price_data][currency]"].ToString();
        if (string.IsNullOrEmpty(success))
            return Error(400, "invalid_request_error", "Missing required param: success_url.", "success_url");
        if (!long.TryParse(form["line_items[0][price_data][unit_amount]"], out var unitAmount) || unitAmount < 1)
            return Error(400, "invalid_request_error", "Invalid line_items[0][price_data][unit_amount]: must be a positive integer.", "line_items[0][price_data][unit_amount]");
        if (currency.Length != 3)
            return Error(400, "invalid_request_error", "Invalid currency.", "line_items[0][price_data][currency]");
        var quantity = long.TryParse(form["line_items[0][quantity]"], out var q) ? q : 1;
        // Stripe's limits for card payments (in minor units of a two-decimal currency).
        if (unitAmount * quantity is < 50 or > 99_999_999)
            return Error(400, "invalid_request_error", "The Checkout Session's total amount must be at least 0.50 and at most 999,999.99.", "line_items");
        var now = store.Now;
        var expiresAt = long.TryParse(form["expires_at"], out var at) ? at : now + 24 * 3600;
        if (expiresAt < now + 30 * 60 - 60 || expiresAt > now + 24 * 3600)
            return Error(400, "invalid_request_error", "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.", "expires_at");

        var session = store.Once("checkout.sessions", Key(request), () =>
        {
            var id = "cs_test_" + SandboxStore.NewId("sb")[3..];
            var s = new SandboxSession
            {
                Id = id,
                Customer = form["customer"].ToString() is { Length: > 0 } c ? c : null,
                ClientReferenceId = form["client_reference_id"].ToString() is { Length: > 0 } r ? r : null,
                Metadata = Metadata(form),
                SuccessUrl = success,
                CancelUrl = form["cancel_url"].ToString() is { Length: > 0 } cancel ? cancel : null,
                Currency = currency.ToLowerInvariant(),
                ProductName = form["line_items[0][price_data][product_data][name]"].ToString(),
                UnitAmount = unitAmount,
                Quantity = quantity,
                Created = now,
                ExpiresAt = expiresAt,
                Url = $"{request.Scheme}://{request.Host}{Prefix}/checkout/{id}",
            };
            store.Sessions[id] = s;
            return s;
        });
        return Results.Json(SandboxJson.Session(session, store, SandboxJson.NoExpand));
    }

    private static IResult ExpireSession(string id, HttpRequest request, SandboxStore store, SandboxWebhooks webhooks)
    {
        if (store.Session(id) is not { } session)
            return Missing("checkout.session", id);
        lock (session)
        {
            if (session.Status != SessionStatus.Open)
                return Error(400, "invalid_request_error",
                    $"Only Checkout Sessions with a status in [\"open\"] can be expired. This session has a status of \"{session.Status}\".");
            session.Status = SessionStatus.Expired;
        }
        webhooks.Send("checkout.session.expired", SandboxJson.Session(session, store, SandboxJson.NoExpand));
        return Results.Json(SandboxJson.Session(session, store, SandboxJson.NoExpand));
    }

    private static async Task<IResult> CreateRefund(HttpRequest request, SandboxStore store, SandboxWebhooks webhooks)
    {
        var form = await request.ReadFormAsync();
        var intentId = form["payment_intent"].ToString();
        if (!store.Intents.TryGetValue(intentId, out var intent))
            return Error(400, "invalid_request_error", $"No such payment_intent: '{intentId}'", "payment_intent");
        var result = store.Once("refunds", Key(request), () =>
        {
            lock (intent)
            {
                if (intent.Disputed)
                    return (object)Error(400, "invalid_request_error", $"Charge for payment intent {intentId} has been disputed; it cannot be refunded.", code: "charge_disputed");
                if (intent.AmountRefunded >= intent.Amount)
                    return Error(400, "invalid_request_error", $"Charge for payment intent {intentId} has already been refunded.", code: "charge_already_refunded");
                var amount = long.TryParse(form["amount"], out var a) ? a : intent.Amount - intent.AmountRefunded;
                intent.AmountRefunded += amount;
                var refund = new SandboxRefund(SandboxStore.NewId("re"), intent.Id, amount, intent.Currency, store.Now);
                store.Refunds[refund.Id] = refund;
                return refund;
            }
        });
        if (result is IResult error)
            return error;
        var created = (SandboxRefund)result;
        webhooks.Send("charge.refunded", SandboxJson.Refund(created));
        return Results.Json(SandboxJson.Refund(created));
    }

    private static string? Key(HttpRequest request) =>
        request.Headers.TryGetValue("Idempotency-Key", out var key) && key.ToString().Length > 0 ? key.ToString() : null;

    private static Dictionary<string, string> Metadata(IFormCollection form) =>
        form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal) && f.Key.EndsWith(']'))
            .ToDictionary(f => f.Key["metadata[".Length..^1], f => f.Value.ToString());

    /// <summary>expand[]=a.b or expand[0]=a.b, as Stripe clients send it.</summary>
    private static HashSet<string> Expands(IEnumerable<KeyValuePair<string, StringValues>> values) =>
        values.Where(v => v.Key.StartsWith("expand[", StringComparison.Ordinal)).SelectMany(v => v.Value).OfType<string>().ToHashSet();

    private static IResult Missing(string kind, string id) =>
        Error(404, "invalid_request_error", $"No such {kind}: '{id}'", "id");

    private static IResult Error(int status, string type, string message, string? param = null, string? code = null) =>
        Results.Json(new Dictionary<string, object?> { ["error"] = new Dictionary<string, object?> { ["type"] = type, ["message"] = message, ["param"] = param, ["code"] = code } },
            statusCode: status);
}
