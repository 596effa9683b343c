using Stripe;
using Stripe.Checkout;
using TicketPortal.Domain.Payments;
using DomainCheckoutSession = TicketPortal.Domain.Payments.CheckoutSession;

namespace TicketPortal.Payments;

/// <summary>The domain's payment gateway over Stripe.net: real Stripe with a key, the sandbox without.</summary>
public sealed class StripeGateway(StripeSettings settings, ILogger<StripeGateway> log) : IPaymentGateway
{
    public Task<string> CreateCustomerAsync(CustomerRequest request, CancellationToken ct) => CallAsync(async () =>
    {
        var customer = await new CustomerService(settings.Client).CreateAsync(new CustomerCreateOptions
        {
            Email = request.Email,
            Metadata = new() { ["userId"] = request.UserId, ["organizerId"] = request.OrganizerId },
        }, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, ct);
        return customer.Id;
    });

    public Task<DomainCheckoutSession> CreateCheckoutSessionAsync(CheckoutRequest request, CancellationToken ct) => CallAsync(async () =>
    {
        var session = await new SessionService(settings.Client).CreateAsync(new SessionCreateOptions
        {
            Mode = "payment",
            Customer = request.CustomerId,
            ClientReferenceId = request.TicketId.ToString(),
            Metadata = new() { ["ticketId"] = request.TicketId.ToString() },
            SuccessUrl = request.SuccessUrl,
            CancelUrl = request.CancelUrl,
            ExpiresAt = request.ExpiresAt,
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = request.Quantity,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = request.Currency.ToLowerInvariant(),
                        UnitAmount = Currencies.ToMinorUnits(request.UnitPrice, request.Currency),
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = request.Description },
                    },
                },
            ],
        }, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, ct);
        return ToDomain(session);
    });

    public Task<DomainCheckoutSession> GetCheckoutSessionAsync(string sessionId, CancellationToken ct) => CallAsync(() =>
        FetchAsync(sessionId, ct));

    public Task<DomainCheckoutSession> ExpireCheckoutSessionAsync(string sessionId, CancellationToken ct) => CallAsync(async () =>
    {
        try
        {
            await new SessionService(settings.Client).ExpireAsync(sessionId, new SessionExpireOptions(), cancellationToken: ct);
        }
        catch (StripeException ex)
        {
            // Only open sessions expire: one that completed (or expired) meanwhile is reported as it is.
            log.LogInformation("Session {SessionId} was not expired: {Message}", sessionId, ex.Message);
        }
        var session = await FetchAsync(sessionId, ct);
        // Still open means the provider did not expire it (rate limit, outage): the hold must wait, or a
        // buyer could pay for places already given back.
        return session.Status == SessionStatus.Open
            ? throw new PaymentGatewayException($"Checkout session {sessionId} could not be expired; try again later.")
            : session;
    });

    public Task<string> RefundAsync(string paymentIntentId, string idempotencyKey, CancellationToken ct) => CallAsync(async () =>
    {
        var refund = await new RefundService(settings.Client).CreateAsync(
            new RefundCreateOptions { PaymentIntent = paymentIntentId },
            new RequestOptions { IdempotencyKey = idempotencyKey }, ct);
        return refund.Id;
    });

    /// <summary>A session the provider no longer knows (the sandbox forgets its sessions on restart) can
    /// never be paid: it counts as expired, so its hold is released instead of kept forever.</summary>
    private async Task<DomainCheckoutSession> FetchAsync(string sessionId, CancellationToken ct)
    {
        try
        {
            return ToDomain(await new SessionService(settings.Client).GetAsync(sessionId,
                new SessionGetOptions { Expand = ["payment_intent.payment_method"] }, cancellationToken: ct));
        }
        catch (StripeException ex) when (ex.HttpStatusCode == System.Net.HttpStatusCode.NotFound)
        {
            log.LogWarning("Checkout session {SessionId} is unknown to the provider; treating it as expired", sessionId);
            return new DomainCheckoutSession(sessionId, null, SessionStatus.Expired, PaymentLiteral.Unpaid, null, null);
        }
    }

    private static DomainCheckoutSession ToDomain(Session s)
    {
        var method = s.PaymentIntent?.PaymentMethod;
        var card = method?.Card is { } c
            ? new CardDetails(method.Id, c.Brand, c.Last4, (int)c.ExpMonth, (int)c.ExpYear,
                method.BillingDetails?.Name, method.BillingDetails?.Address?.PostalCode)
            : null;
        return new DomainCheckoutSession(s.Id, s.Url, s.Status, s.PaymentStatus, s.PaymentIntentId, card);
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeException ex)
        {
            throw new PaymentGatewayException($"The payment provider refused the request: {ex.StripeError?.Message ?? ex.Message}", ex, ex.StripeError?.Code);
        }
        catch (HttpRequestException ex)
        {
            throw new PaymentGatewayException("The payment provider could not be reached. Please try again.", ex);
        }
    }
}
