using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Payments;

namespace TicketPortal.Domain.Tickets;

/// <summary>Seed 004's start-, complete- and refresh-checkout: a held ticket gets a Stripe Checkout Session,
/// and whatever reports back (the buyer's browser, a webhook, the refresh job) asks the provider, never the
/// caller, what happened and applies it.</summary>
public sealed class CheckoutService(PortalDbContext db, TicketWriter tickets, PaymentApplier payments, IPaymentGateway gateway)
{
    public Task<Result<TicketView>> StartCheckoutAsync(Actor actor, Guid id, CheckoutUrls urls, string? email, CancellationToken ct = default) =>
        tickets.RetryAsync(async () =>
        {
            var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (ticket is null || ticket.UserId != actor.UserId)
                return TicketWriter.NotFound(id);
            var payment = await tickets.CurrentPaymentAsync(id, tracked: true, ct);
            if (ticket.Status == TicketStatus.Paid)
                return Failure.Conflict("This ticket is already paid.");
            if (await tickets.EventCancelledAsync(ticket.EventId, ct))
                return Failure.Conflict("This event was cancelled; its tickets can no longer be paid.");
            if (ticket.StartCheckout(tickets.Now) is { } failure)
                return failure;

            // A second click while a session is open sends the buyer to the same session.
            if (payment is { PaymentStatus: SessionStatus.Open })
            {
                await db.SaveChangesAsync(ct);
                return new TicketView(ticket, payment);
            }

            if (ticket.Price == 0)
                return await payments.CompleteFreeAsync(ticket, ct);

            var customer = await EnsureCustomerAsync(ticket, email, ct);
            // Every parameter is a function of the ticket and the URLs, and so is the key: a retry after a
            // lost response gets the same session back instead of a provider idempotency error.
            var session = await gateway.CreateCheckoutSessionAsync(new CheckoutRequest(
                ticket.Id, customer.CustomerId, $"{ticket.Quantity} × {ticket.TierName}",
                ticket.UnitPrice, ticket.Quantity, ticket.Currency,
                urls.SuccessUrl, urls.CancelUrl,
                // Stripe keeps a session at least 30 minutes; the hold job expires it when the hold lapses.
                ticket.HoldExpiresAt.AddMinutes(30),
                $"checkout-{ticket.Id}-{Fingerprint(urls)}"), ct);

            if (await db.TicketPayments.FirstOrDefaultAsync(p => p.PaymentId == session.Id, ct) is { } recorded)
            {
                await db.SaveChangesAsync(ct);
                return new TicketView(ticket, recorded);
            }

            payment = new TicketPayment
            {
                Owner = ticket.UserId, OwnerId = ticket.UserId, OrderId = ticket.Id, OrganizerId = ticket.OrganizerId,
                PaymentId = session.Id, RedirectUrl = session.Url, PaymentStatus = session.Status,
                StatusLiteral = session.PaymentStatus, Amount = ticket.Price, Currency = ticket.Currency,
            };
            db.TicketPayments.Add(payment);
            await db.SaveChangesAsync(ct);
            return new TicketView(ticket, payment);
        });

    /// <summary>The buyer came back from the checkout page: ask Stripe, never the browser, what happened to the
    /// session the buyer came back from (Stripe names it in the success URL), or else the ticket's newest one.</summary>
    public Task<Result<TicketView>> CompleteCheckoutAsync(Actor actor, Guid id, string? sessionId = null, CancellationToken ct = default) =>
        SyncWithGatewayAsync(actor, id, ownerOnly: true, sessionId, ct);

    public Task<Result<TicketView>> RefreshCheckoutAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        SyncWithGatewayAsync(actor, id, ownerOnly: false, sessionId: null, ct);

    /// <summary>A signed checkout.session.* webhook arrived: the session it names is the one applied, whichever
    /// of the ticket's payment records is newest.</summary>
    public async Task<Result<TicketView>> ApplyWebhookAsync(string sessionId, CancellationToken ct = default)
    {
        var orderId = await db.TicketPayments.Where(p => p.PaymentId == sessionId).Select(p => (Guid?)p.OrderId).FirstOrDefaultAsync(ct);
        if (orderId is null)
            return Failure.NotFound($"No payment has session {sessionId}.");
        return await SyncWithGatewayAsync(null, orderId.Value, ownerOnly: false, sessionId, ct);
    }

    /// <summary>For jobs: asks the provider about one payment record's session and applies it, with no caller to check.</summary>
    public async Task<Result<TicketView>> SyncPaymentAsync(Guid paymentRecordId, CancellationToken ct)
    {
        var record = await db.TicketPayments.AsNoTracking().Where(p => p.Id == paymentRecordId)
            .Select(p => new { p.OrderId, p.PaymentId }).FirstOrDefaultAsync(ct);
        return record is null
            ? Failure.NotFound($"Ticket payment {paymentRecordId} was not found.")
            : await SyncWithGatewayAsync(null, record.OrderId, ownerOnly: false, record.PaymentId, ct);
    }

    private Task<Result<TicketView>> SyncWithGatewayAsync(Actor? actor, Guid id, bool ownerOnly, string? sessionId, CancellationToken ct) =>
        tickets.RetryAsync(async () =>
        {
            var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (ticket is null || (actor is not null && (ownerOnly ? ticket.UserId != actor.UserId : !TicketWriter.CanSee(actor, ticket))))
                return TicketWriter.NotFound(id);
            var payment = sessionId is null
                ? await tickets.CurrentPaymentAsync(id, tracked: true, ct)
                : await db.TicketPayments.FirstOrDefaultAsync(p => p.OrderId == id && p.PaymentId == sessionId, ct);
            if (payment is null)
                return sessionId is null
                    ? Failure.Conflict("Checkout has not been started for this ticket.")
                    : Failure.NotFound($"Session {sessionId} is not a checkout of ticket {id}.");
            if (payment.PaymentId.StartsWith(PaymentApplier.FreePaymentPrefix, StringComparison.Ordinal))
                return new TicketView(ticket, payment);

            var session = await gateway.GetCheckoutSessionAsync(payment.PaymentId, ct);
            await payments.ApplySessionAsync(ticket, payment, session, ct);
            return new TicketView(ticket, payment);
        });

    private async Task<PaymentCustomer> EnsureCustomerAsync(Ticket ticket, string? email, CancellationToken ct)
    {
        var customer = await db.PaymentCustomers.FirstOrDefaultAsync(c => c.UserId == ticket.UserId && c.OrganizerId == ticket.OrganizerId, ct);
        if (customer is not null)
            return customer;
        var customerId = await gateway.CreateCustomerAsync(
            new CustomerRequest(ticket.UserId, ticket.OrganizerId, email, $"customer-{ticket.UserId}-{ticket.OrganizerId}"), ct);
        customer = new PaymentCustomer { Owner = ticket.UserId, UserId = ticket.UserId, OrganizerId = ticket.OrganizerId, CustomerId = customerId };
        db.PaymentCustomers.Add(customer);
        return customer;
    }

    private static string Fingerprint(CheckoutUrls urls) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{urls.SuccessUrl}\n{urls.CancelUrl}")))[..16];
}
