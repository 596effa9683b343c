using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Payments;

namespace TicketPortal.Domain.Tickets;

/// <summary>The recurring jobs' side of tickets: lapsed holds expire (their inventory returns) and open
/// checkouts are asked about. Safe anywhere, any time: each ticket moves once under its recordVersion, and
/// one ticket the provider cannot answer for waits for the next run without stopping the others.</summary>
public sealed class HoldExpiry(
    PortalDbContext db,
    TicketWriter tickets,
    PaymentApplier payments,
    CheckoutService checkouts,
    IPaymentGateway gateway,
    Common.RetryBackoff backoff,
    ILogger<HoldExpiry> log)
{
    private const string ExpireJob = "expire-hold";
    private const string RefreshJob = "refresh-checkout";

    /// <summary>Expires every hold that has lapsed; returns how many expired.</summary>
    public async Task<int> ExpireLapsedHoldsAsync(CancellationToken ct = default)
    {
        var now = tickets.Now;
        var ids = await db.Tickets
            .Where(t => (t.Status == TicketStatus.Reserved || t.Status == TicketStatus.CheckoutStarted) && t.HoldExpiresAt <= now)
            .Select(t => t.Id).ToListAsync(ct);
        var expired = 0;
        foreach (var id in ids.Where(id => backoff.IsDue(ExpireJob, id)))
        {
            db.ChangeTracker.Clear();
            try
            {
                if ((await ExpireOneAsync(id, ct)).Value?.Ticket.Status == TicketStatus.Expired)
                    expired++;
                backoff.Succeeded(ExpireJob, id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // This hold waits (the provider or the database failed on it); the others expire now.
                log.LogWarning(ex, "Could not expire ticket {TicketId}; retried after {Next:u}", id, backoff.Failed(ExpireJob, id));
            }
        }
        return expired;
    }

    /// <summary>Asks the provider about every checkout still open and applies what it says; returns how many sessions closed.</summary>
    public async Task<int> RefreshOpenCheckoutsAsync(CancellationToken ct = default)
    {
        // Every open session, not only each ticket's newest, and whatever its ticket's status: a buyer may pay
        // an older session, or a second one after the ticket was paid (that money is refunded at once).
        var ids = await db.TicketPayments
            .Where(p => p.IsActive && p.PaymentStatus == SessionStatus.Open)
            .Select(p => p.Id)
            .ToListAsync(ct);
        var changed = 0;
        foreach (var id in ids.Where(id => backoff.IsDue(RefreshJob, id)))
        {
            db.ChangeTracker.Clear();
            try
            {
                var result = await checkouts.SyncPaymentAsync(id, ct);
                if (result.Value?.Payment?.PaymentStatus is not SessionStatus.Open)
                    changed++;
                backoff.Succeeded(RefreshJob, id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Could not refresh checkout payment {PaymentRecordId}; retried after {Next:u}", id, backoff.Failed(RefreshJob, id));
            }
        }
        return changed;
    }

    /// <summary>Ends a hold now, whatever its timer says (its event was cancelled): the card page is closed at the
    /// provider first, and a payment that got in before that is applied (and, the event being cancelled, refunded).</summary>
    public Task<Common.Result<TicketView>> EndHoldNowAsync(Guid id, string reason, CancellationToken ct) => ExpireOneAsync(id, ct, reason);

    private Task<Common.Result<TicketView>> ExpireOneAsync(Guid id, CancellationToken ct, string? endNowBecause = null) =>
        tickets.RetryAsync(async () =>
        {
            var ticket = await db.Tickets.FirstAsync(t => t.Id == id, ct);
            if (endNowBecause is null ? !ticket.HoldLapsed(tickets.Now) : !ticket.Status.IsHolding())
                return new TicketView(ticket, null);
            var payment = await tickets.CurrentPaymentAsync(id, tracked: true, ct);
            if (payment is { PaymentStatus: SessionStatus.Open })
            {
                // Expire the session before freeing the places, so a late card page cannot pay for them.
                var session = await gateway.ExpireCheckoutSessionAsync(payment.PaymentId, ct);
                if (session.IsPaid)
                {
                    await payments.ApplySessionAsync(ticket, payment, session, ct);
                    return new TicketView(ticket, payment);
                }
                payment.PaymentStatus = session.Status;
            }
            if (endNowBecause is not null)
            {
                ticket.ExpireNow(tickets.Now, endNowBecause);
                await tickets.SaveReleasingAsync(ticket, tookInventory: true, ct);
            }
            else if (ticket.Expire(tickets.Now) is null)
                await tickets.SaveReleasingAsync(ticket, tookInventory: true, ct);
            return new TicketView(ticket, payment);
        });
}
