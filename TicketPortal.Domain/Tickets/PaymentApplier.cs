using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Payments;

namespace TicketPortal.Domain.Tickets;

/// <summary>Where a payment is applied: what the provider says about a checkout session moves its ticket
/// forward (paid, expired), and money that cannot buy places (late, sold out, event cancelled) is refunded.
/// Only forward moves happen, so webhooks arriving twice, late or out of order change nothing twice.</summary>
public sealed class PaymentApplier(PortalDbContext db, TicketWriter tickets, RefundService refunds, ILogger<PaymentApplier> log)
{
    private const string CancelledEventRefund = "The event was cancelled; your payment was refunded in full.";

    public async Task ApplySessionAsync(Ticket ticket, TicketPayment payment, CheckoutSession session, CancellationToken ct)
    {
        // Paid already by another session (two tabs, two checkouts racing): this money goes straight back.
        var alreadyApplied = payment.PaymentStatus == SessionStatus.Complete;
        if (session.IsPaid && !alreadyApplied && ticket.Status is TicketStatus.Paid or TicketStatus.Refunded)
        {
            payment.PaymentStatus = session.Status;
            payment.PaymentIntentId ??= session.PaymentIntentId;
            log.LogWarning("Ticket {TicketId} was paid twice; session {SessionId} is refunded", ticket.Id, payment.PaymentId);
            await refunds.RefundDuplicatePaymentAsync(ticket.Id, payment, ct);
            return;
        }

        payment.PaymentStatus = session.Status;
        if (!PaymentLiteral.IsRefund(payment.StatusLiteral))
            payment.StatusLiteral = session.PaymentStatus;
        payment.PaymentIntentId ??= session.PaymentIntentId;

        if (session.IsPaid)
        {
            if (session.Card is { } card)
                await RecordCardAsync(ticket, card, ct);
            if (ticket.CanTakePaymentDirectly && await tickets.EventCancelledAsync(ticket.EventId, ct))
            {
                await refunds.RefundUnplacedPaymentAsync(ticket, payment, CancelledEventRefund, ct);
                return;
            }
            if (ticket.CanTakePaymentDirectly)
                await tickets.MarkPaidAsync(ticket, ct);
            else if (ticket.Status is TicketStatus.Expired or TicketStatus.Cancelled)
            {
                await ResolveLatePaymentAsync(ticket, payment, ct);
                return;
            }
            await db.SaveChangesAsync(ct);
            return;
        }

        if (session.IsExpired && ticket.Status.IsHolding())
        {
            ticket.ExpireNow(tickets.Now, "The checkout session expired before payment.");
            await tickets.SaveReleasingAsync(ticket, tookInventory: true, ct);
            return;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A free ticket needs no provider: it is paid the moment checkout starts.</summary>
    public async Task<TicketView> CompleteFreeAsync(Ticket ticket, CancellationToken ct)
    {
        var payment = TicketPayment.WithoutCharge(ticket, $"{FreePaymentPrefix}{ticket.Id:N}");
        db.TicketPayments.Add(payment);
        await tickets.MarkPaidAsync(ticket, ct);
        await db.SaveChangesAsync(ct);
        return new TicketView(ticket, payment);
    }

    /// <summary>The paymentId of a free ticket's record: no provider session stands behind it.</summary>
    public const string FreePaymentPrefix = "free_";

    /// <summary>Money arrived for a ticket whose hold had already gone (pretix #74, Hi.Events #513):
    /// take the places again if they are still free, otherwise refund at once and say why.</summary>
    private async Task ResolveLatePaymentAsync(Ticket ticket, TicketPayment payment, CancellationToken ct)
    {
        if (await tickets.EventCancelledAsync(ticket.EventId, ct))
        {
            await refunds.RefundUnplacedPaymentAsync(ticket, payment, CancelledEventRefund, ct);
            return;
        }
        if (await tickets.SaveRetakingAsync(ticket,
                () => ticket.MarkPaid(tickets.Now, "Paid after the hold had lapsed; the tickets were still available, so they are yours."), ct))
            return;
        log.LogWarning("Late payment for ticket {TicketId} is refunded: event {EventId} sold out", ticket.Id, ticket.EventId);
        await refunds.RefundUnplacedPaymentAsync(ticket, payment,
            "Your payment arrived after the hold expired and the event had sold out meanwhile; it was refunded in full.", ct);
    }

    private async Task RecordCardAsync(Ticket ticket, CardDetails card, CancellationToken ct)
    {
        if (await db.PaymentMethods.AnyAsync(m => m.PaymentMethodId == card.PaymentMethodId, ct))
            return;
        var customerId = await db.PaymentCustomers
            .Where(c => c.UserId == ticket.UserId && c.OrganizerId == ticket.OrganizerId)
            .Select(c => c.CustomerId).FirstOrDefaultAsync(ct) ?? "";
        db.PaymentMethods.Add(PaymentMethod.FromCard(card, ticket.UserId, ticket.OrganizerId, customerId));
    }
}
