using TicketPortal.Domain.Payments;
using System.Globalization;
using System.Net;

namespace TicketPortal.StripeSandbox;

/// <summary>The sandbox's hosted checkout page: Stripe's test cards behave as on Stripe
/// (4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined). Card numbers are checked and dropped:
/// only brand, last 4 and expiry are kept.</summary>
public static class SandboxCheckoutPage
{
    public static IEndpointRouteBuilder MapSandboxCheckoutPage(this IEndpointRouteBuilder app)
    {
        var page = app.MapGroup($"{SandboxApi.Prefix}/checkout").ExcludeFromDescription().DisableAntiforgery();
        page.MapGet("/{id}", (string id, SandboxStore store) => Render(store.Session(id), null, null));
        page.MapPost("/{id}", Pay).RequireRateLimiting(Api.RateLimits.CardPage);
        return app;
    }

    private static async Task<IResult> Pay(string id, HttpRequest request, SandboxStore store, SandboxWebhooks webhooks)
    {
        var session = store.Session(id);
        if (session is null || session.Status != SessionStatus.Open)
            return Render(session, null, null);

        var form = await request.ReadFormAsync();
        var input = new CardForm(form["name"], form["number"], form["expiry"], form["cvc"], form["zip"]);
        if (Check(input) is { } problem)
            return Render(session, input, problem);

        var number = Digits(input.Number);
        if (number == "4000000000000002")
            return Render(session, input, "Your card was declined. Try another card.");

        var (month, year) = Expiry(input.Expiry)!.Value;
        lock (session)
        {
            if (session.Status != SessionStatus.Open)
                return Render(session, null, null);
            var method = new SandboxPaymentMethod(SandboxStore.NewId("pm"), Brand(number), number[^4..], month, year,
                input.Name.Trim(), input.Zip.Trim(), session.Customer, store.Now);
            store.Methods[method.Id] = method;
            var intent = new SandboxPaymentIntent(SandboxStore.NewId("pi"), session.AmountTotal, session.Currency, session.Customer, method.Id, store.Now)
            {
                Disputed = number == DisputedCard,
            };
            store.Intents[intent.Id] = intent;
            session.PaymentIntent = intent.Id;
            session.Status = SessionStatus.Complete;
            session.PaymentStatus = PaymentLiteral.Paid;
        }
        webhooks.Send("checkout.session.completed", SandboxJson.Session(session, store, SandboxJson.NoExpand));
        return Results.Redirect(session.SuccessUrl.Replace("{CHECKOUT_SESSION_ID}", session.Id));
    }

    private sealed record CardForm(string? Name, string? Number, string? Expiry, string? Cvc, string? Zip)
    {
        public string Name { get; } = Name ?? "";
        public string Number { get; } = Number ?? "";
        public string Expiry { get; } = Expiry ?? "";
        public string Cvc { get; } = Cvc ?? "";
        public string Zip { get; } = Zip ?? "";
    }

    /// <summary>Stripe's test card whose charge the buyer's bank disputes.</summary>
    private const string DisputedCard = "4000000000000259";

    private static string? Check(CardForm f)
    {
        var number = Digits(f.Number);
        if (number.Length is < 12 or > 19 || !Luhn(number))
            return "Your card number is invalid.";
        if (Expiry(f.Expiry) is not { } exp)
            return "Your card's expiration date is incomplete (MM / YY).";
        var lastDay = new DateTime(exp.Year, exp.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
        if (lastDay <= DateTime.UtcNow)
            return "Your card's expiration year is in the past.";
        if (f.Cvc.Trim().Length is < 3 or > 4 || !f.Cvc.Trim().All(char.IsAsciiDigit))
            return "Your card's security code is incomplete.";
        if (string.IsNullOrWhiteSpace(f.Name))
            return "Enter the name on the card.";
        return null;
    }

    private static (int Month, int Year)? Expiry(string value)
    {
        var parts = value.Replace(" ", "").Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var month) || !int.TryParse(parts[1], out var year) || month is < 1 or > 12)
            return null;
        return (month, year < 100 ? 2000 + year : year);
    }

    private static string Digits(string value) => new(value.Where(char.IsAsciiDigit).ToArray());

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }

    private static string Brand(string number) => number[0] switch
    {
        '4' => "visa",
        '5' or '2' => "mastercard",
        '3' => "amex",
        _ => "unknown",
    };

    private static IResult Render(SandboxSession? session, CardForm? input, string? error)
    {
        string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        string body;
        if (session is null)
            body = "<h1>Checkout not found</h1><p>This checkout link is not valid.</p>";
        else if (session.Status != SessionStatus.Open)
        {
            var back = session.Status == SessionStatus.Complete ? session.SuccessUrl.Replace("{CHECKOUT_SESSION_ID}", session.Id) : session.CancelUrl;
            body = $"""
                <h1>{(session.Status == SessionStatus.Complete ? "Already paid" : "This checkout has expired")}</h1>
                <p>{(session.Status == SessionStatus.Complete ? "This checkout session has been paid." : "The time to pay for this order has run out; nothing was charged.")}</p>
                {(back is null ? "" : $"<p><a href=\"{E(back)}\">Return to TicketPortal</a></p>")}
                """;
        }
        else
        {
            var amount = Currencies.Format(Currencies.FromMinorUnits(session.AmountTotal, session.Currency), session.Currency);
            body = $"""
                <h1 class="item">{E(session.ProductName)}</h1>
                <p class="amount" data-testid="amount">{E(amount)}</p>
                {(error is null ? "" : $"<p class=\"error\" role=\"alert\" data-testid=\"card-error\">{E(error)}</p>")}
                <form method="post">
                  <label>Name on card <input name="name" autocomplete="cc-name" value="{E(input?.Name)}" required></label>
                  <label>Card number <input name="number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" value="{E(input?.Number)}" required></label>
                  <div class="row">
                    <label>Expiry <input name="expiry" placeholder="MM / YY" autocomplete="cc-exp" value="{E(input?.Expiry)}" required></label>
                    <label>CVC <input name="cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="123" required></label>
                    <label>ZIP <input name="zip" autocomplete="postal-code" value="{E(input?.Zip)}"></label>
                  </div>
                  <button type="submit">Pay {amount} {E(session.Currency.ToUpperInvariant())}</button>
                </form>
                {(session.CancelUrl is null ? "" : $"<p><a href=\"{E(session.CancelUrl)}\">← Back to TicketPortal</a></p>")}
                <p class="hint">Test cards: 4242 4242 4242 4242 pays · 4000 0000 0000 0002 is declined · 4000 0000 0000 0259 pays, then is disputed · any future expiry, any CVC.</p>
                """;
        }

        var html = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Checkout · Stripe sandbox</title>
            <style>
              body { font-family: system-ui, sans-serif; background: #f6f9fc; margin: 0; color: #1a1f36; }
              .banner { background: #ffb020; color: #3d2a00; padding: 8px 16px; font-weight: 600; text-align: center; }
              main { max-width: 420px; margin: 32px auto; background: #fff; padding: 24px; border-radius: 8px; box-shadow: 0 2px 8px rgba(0,0,0,.08); }
              .item { font-size: 1rem; font-weight: 500; margin: 0; }
              .amount { font-size: 2rem; font-weight: 600; margin: 4px 0 16px; }
              label { display: block; font-size: .85rem; margin: 10px 0; }
              input { display: block; width: 100%; box-sizing: border-box; padding: 10px; margin-top: 4px; border: 1px solid #cfd7df; border-radius: 4px; font-size: 1rem; }
              .row { display: flex; gap: 8px; } .row label { flex: 1; }
              button { width: 100%; margin-top: 16px; padding: 12px; background: #635bff; color: #fff; border: 0; border-radius: 4px; font-size: 1rem; cursor: pointer; }
              .error { color: #c0123c; background: #fff0f3; padding: 8px; border-radius: 4px; }
              .hint { color: #697386; font-size: .8rem; }
            </style></head>
            <body><header class="banner">Stripe sandbox mode · no real payment is taken</header><main>{{body}}</main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: error is null ? 200 : 402);
    }
}
