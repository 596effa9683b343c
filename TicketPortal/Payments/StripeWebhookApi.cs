using Microsoft.EntityFrameworkCore;
using Stripe;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Payments;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Payments;

/// <summary>Stripe's webhooks: verified with Stripe.net, each event id handled once (ids are kept 30 days),
/// answered fast; the handling itself only moves state forward, so order and repetition do not matter.</summary>
public static class StripeWebhookApi
{
    private static readonly HashSet<string> CheckoutEvents =
        ["checkout.session.completed", "checkout.session.async_payment_succeeded", "checkout.session.expired"];

    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/stripe/webhook", HandleAsync).AllowAnonymous().DisableAntiforgery()
            // Stripe's events are verified and stored as Stripe sent them.
            .WithMetadata(new Api.RawInput())
            .WithTags("Stripe").WithSummary("Stripe webhook endpoint (Stripe-Signature required).");
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, StripeSettings settings, TicketPortal.Domain.Tickets.CheckoutService checkouts,
        PortalDbContext db, TimeProvider clock, ILoggerFactory logs, CancellationToken ct)
    {
        var log = logs.CreateLogger(typeof(StripeWebhookApi));
        var json = await new StreamReader(request.Body).ReadToEndAsync(ct);
        Stripe.Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, request.Headers["Stripe-Signature"], settings.WebhookSecret,
                throwOnApiVersionMismatch: false);
        }
        // Stripe.net throws StripeException for a bad signature but other types for malformed payloads.
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning("Rejected a webhook: {Message}", ex.Message);
            return TypedResults.Problem("The Stripe-Signature header does not verify against this payload.",
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid webhook signature");
        }

        if (await db.ProcessedWebhooks.AnyAsync(w => w.Id == stripeEvent.Id, ct))
            return TypedResults.Ok(new { received = true, duplicate = true });

        if (CheckoutEvents.Contains(stripeEvent.Type) && stripeEvent.Data.Object is Stripe.Checkout.Session session)
        {
            try
            {
                var result = await checkouts.ApplyWebhookAsync(session.Id, ct);
                if (!result.Succeeded)
                    log.LogInformation("Webhook {EventId} for session {SessionId}: {Message}", stripeEvent.Id, session.Id, result.Failure!.Message);
            }
            catch (PaymentGatewayException ex)
            {
                // Not recorded as processed: Stripe retries, and the refresh job would catch up anyway.
                log.LogWarning(ex, "Webhook {EventId} could not be applied now", stripeEvent.Id);
                return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }

        db.ChangeTracker.Clear();
        db.ProcessedWebhooks.Add(new ProcessedWebhook { Id = stripeEvent.Id, Type = stripeEvent.Type, ProcessedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same event was delivered twice at once; the other delivery recorded it.
        }
        return TypedResults.Ok(new { received = true, duplicate = false });
    }
}
