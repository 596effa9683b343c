using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using Microsoft.Extensions.Logging;
using TicketPortal.Domain.Payments;

namespace TicketPortal.Domain.Tickets;

/// <summary>Where a refund moves money. A refund is always claimed first (the ticket becomes Refunded and its
/// payment refund_pending under recordVersion, inventory released) and only then sent to the provider, with an
/// idempotency key: of two racing paths only one refunds, and a refund interrupted after its claim is finished
/// later by <see cref="RetryPendingRefundsAsync"/> without paying twice.</summary>
public sealed class RefundService(PortalDbContext db, TicketWriter tickets, IPaymentGateway gateway, ILogger<RefundService> log)
{
    /// <summary>After this many failed attempts a refund also asks for a person (it is still retried).</summary>
    public const int AttentionAfterAttempts = 5;

    /// <summary>The event's organizer (or an admin) refunds a paid ticket in full; its places return.</summary>
    public Task<Result<TicketView>> RefundAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        RefundAsync(actor, id, "Refunded by the organizer.", ct);

    /// <summary>The same, saying why (an event's cancellation refunds every paid ticket).</summary>
    public Task<Result<TicketView>> RefundAsync(Actor actor, Guid id, string reason, CancellationToken ct) =>
        tickets.RetryAsync(async () =>
        {
            var claimed = await ClaimOnceAsync(actor, id, reason, ct);
            // A refund claimed now, or by an earlier attempt that could not finish, is finished now.
            if (claimed.Value is { Payment: { StatusLiteral: PaymentLiteral.RefundPending } payment } view)
                await CompleteRefundAsync(view.Ticket.Id, payment, ct);
            return claimed;
        });

    /// <summary>Claims the refund without moving money: the ticket is Refunded, its payment refund_pending, its places
    /// released, all in the caller's transaction if one is open. <see cref="FinishClaimedAsync"/> (or the retry job)
    /// moves the money after the caller commits, so a caller whose own change fails rolls the claim back with it and
    /// nothing was paid out.</summary>
    public Task<Result<TicketView>> ClaimAsync(Actor actor, Guid id, string reason, CancellationToken ct) =>
        tickets.RetryAsync(() => ClaimOnceAsync(actor, id, reason, ct));

    /// <summary>Sends a claimed refund to the provider; a failure leaves it to the retry job.</summary>
    public async Task FinishClaimedAsync(Guid ticketId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var payment = await db.TicketPayments.Where(p => p.OrderId == ticketId && p.StatusLiteral == PaymentLiteral.RefundPending).FirstOrDefaultAsync(ct);
        if (payment is null)
            return;
        try
        {
            await CompleteRefundAsync(ticketId, payment, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogWarning(ex, "The refund of ticket {TicketId} is left to the retry job", ticketId);
        }
    }

    private async Task<Result<TicketView>> ClaimOnceAsync(Actor actor, Guid id, string reason, CancellationToken ct)
    {
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null || !TicketWriter.CanSee(actor, ticket))
            return TicketWriter.NotFound(id);
        if (ticket.OrganizerId != actor.UserId && !actor.IsAdmin)
            return Failure.Forbidden("Only the event's organizer can refund its tickets.");
        var payment = await PaymentToRefundAsync(ticket, ct);
        if (ticket.Status == TicketStatus.Refunded)
            return new TicketView(ticket, payment);
        if (await tickets.CheckMovableAsync(ticket, ct) is { } frozen)
            return frozen;
        if (ticket.Refund(tickets.Now, reason) is { } failure)
            return failure;

        // Claimed (and places released) before the money moves: a concurrent refund conflicts and stops here.
        if (payment is not null)
            payment.StatusLiteral = PaymentLiteral.RefundPending;
        await tickets.SaveReleasingAsync(ticket, tookInventory: true, ct);
        return new TicketView(ticket, payment);
    }

    /// <summary>A payment that cannot buy places (sold out, event cancelled) goes back to the buyer, and the
    /// ticket says why.</summary>
    public async Task RefundUnplacedPaymentAsync(Ticket ticket, TicketPayment payment, string reason, CancellationToken ct)
    {
        var tookInventory = ticket.Status.TakesInventory();
        ticket.MarkRefunded(tickets.Now, reason);
        payment.StatusLiteral = PaymentLiteral.RefundPending;
        await tickets.SaveReleasingAsync(ticket, tookInventory, ct);
        await CompleteRefundAsync(ticket.Id, payment, ct);
    }

    /// <summary>A second payment for a ticket another payment already paid: refunded in full at once; the ticket
    /// keeps the payment that paid it, and the record says refunded (with its refund id).</summary>
    public async Task RefundDuplicatePaymentAsync(Guid ticketId, TicketPayment payment, CancellationToken ct)
    {
        payment.StatusLiteral = PaymentLiteral.RefundPending;
        await db.SaveChangesAsync(ct);
        await CompleteRefundAsync(ticketId, payment, ct);
    }

    /// <summary>Finishes refunds that were claimed but not completed (the provider failed or the process stopped),
    /// each on its own and each when its back-off allows: one the provider refuses never holds up the others.
    /// Returns how many were finished.</summary>
    public async Task<int> RetryPendingRefundsAsync(CancellationToken ct = default)
    {
        var now = tickets.Now;
        var due = await db.TicketPayments
            .Where(p => p.StatusLiteral == PaymentLiteral.RefundPending && (p.NextRefundAttemptAt == null || p.NextRefundAttemptAt <= now))
            .Select(p => p.Id).ToListAsync(ct);
        var finished = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            try
            {
                var payment = await db.TicketPayments.FirstAsync(p => p.Id == id, ct);
                if (payment.StatusLiteral != PaymentLiteral.RefundPending)
                    continue;
                await CompleteRefundAsync(payment.OrderId, payment, ct);
                finished++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Refund of payment {PaymentRecordId} failed; it is retried later", id);
            }
        }
        return finished;
    }

    /// <summary>The payment that paid the ticket (not a duplicate that was refunded on its own), or for a
    /// refunded ticket the one whose refund is still pending.</summary>
    private async Task<TicketPayment?> PaymentToRefundAsync(Ticket ticket, CancellationToken ct)
    {
        var payments = db.TicketPayments.Where(p => p.OrderId == ticket.Id && p.IsActive).OrderByDescending(p => p.CreatedAt);
        return ticket.Status == TicketStatus.Refunded
            ? await payments.FirstOrDefaultAsync(p => p.StatusLiteral == PaymentLiteral.RefundPending, ct)
              ?? await payments.FirstOrDefaultAsync(ct)
            : await payments.FirstOrDefaultAsync(p => p.PaymentStatus == SessionStatus.Complete
                  && (p.StatusLiteral == PaymentLiteral.Paid || p.StatusLiteral == PaymentLiteral.NoPaymentRequired), ct)
              ?? await payments.FirstOrDefaultAsync(ct);
    }

    /// <summary>Moves the money back for a payment already marked refund_pending; the idempotency key makes a
    /// repeat (after a crash or provider error) a no-op at the provider. A refund the provider refuses for good
    /// is reconciled (already refunded, e.g. in Stripe's dashboard) or flagged (disputed); any other failure is
    /// counted, backed off and rethrown.</summary>
    private async Task CompleteRefundAsync(Guid ticketId, TicketPayment payment, CancellationToken ct)
    {
        if (payment.PaymentIntentId is { } intent)
        {
            try
            {
                // Keyed by the payment, not the ticket: a ticket paid twice has two payments to refund.
                payment.RefundId = await gateway.RefundAsync(intent, $"refund-{payment.Id}", ct);
            }
            catch (PaymentGatewayException ex) when (ex.Code == PaymentGatewayException.AlreadyRefunded)
            {
                // The money went back outside the portal (Stripe's dashboard): the record now says what is true.
                log.LogInformation("Payment {PaymentId} of ticket {TicketId} was already refunded at the provider", payment.PaymentId, ticketId);
            }
            catch (PaymentGatewayException ex) when (ex.Code == PaymentGatewayException.Disputed)
            {
                await RefusedForGoodAsync(ticketId, payment,
                    "The refund was refused: the buyer's bank disputes this payment. Answer the dispute in Stripe; the dispute decides where the money goes.", ct);
                return;
            }
            catch (PaymentGatewayException ex)
            {
                payment.RefundAttempts++;
                payment.NextRefundAttemptAt = tickets.Now + Common.RetryBackoff.Delay(payment.RefundAttempts);
                if (payment.RefundAttempts >= AttentionAfterAttempts)
                    payment.Attention = Clip($"The refund has failed {payment.RefundAttempts} times and is still retried: {ex.Message}");
                await db.SaveChangesAsync(ct);
                throw;
            }
        }
        payment.StatusLiteral = PaymentLiteral.Refunded;
        payment.Attention = null;
        payment.NextRefundAttemptAt = null;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>No refund will happen: the payment keeps saying paid and asks for a person, and a ticket that
    /// was refunded by this payment stops claiming so (it stays void; its places went back).</summary>
    private async Task RefusedForGoodAsync(Guid ticketId, TicketPayment payment, string reason, CancellationToken ct)
    {
        log.LogWarning("Refund of payment {PaymentId} of ticket {TicketId} was refused for good: {Reason}", payment.PaymentId, ticketId, reason);
        payment.StatusLiteral = PaymentLiteral.Paid;
        payment.Attention = Clip(reason);
        payment.NextRefundAttemptAt = null;
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        ticket?.RefundRefused(tickets.Now, reason);
        await db.SaveChangesAsync(ct);
    }

    private static string Clip(string text) => text.Length > 500 ? text[..500] : text;
}
