using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Events;
using TicketPortal.Domain.Payments;

namespace TicketPortal.Domain.Tickets;

/// <summary>Buying a ticket: hold, checkout, payment, expiry, cancellation and refund.
/// Every state change saves with the ticket's recordVersion as a concurrency token and is retried on
/// conflict after a reload, so two paths racing (webhook and browser return, two job servers) end in
/// one outcome; inventory moves in the same transaction as the status that explains it.</summary>
public sealed class TicketService(
    PortalDbContext db,
    IPaymentGateway gateway,
    TimeProvider clock,
    IOptions<TicketOptions> options,
    ILogger<TicketService> log)
{
    private const int Attempts = 4;
    /// <summary>A refund claimed in the database whose money has not yet gone back (see RetryPendingRefundsAsync).</summary>
    public const string RefundPending = "refund_pending";
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private TicketOptions Options => options.Value;

    // ---------- reads ----------

    public async Task<Page<TicketView>> ListMineAsync(Actor actor, int page, int pageSize, bool includeInactive, CancellationToken ct = default)
    {
        var tickets = db.Tickets.AsNoTracking().Where(t => t.UserId == actor.UserId);
        if (!includeInactive)
            tickets = tickets.Where(t => t.IsActive);
        return await PageAsync(tickets, page, pageSize, ct);
    }

    public async Task<Result<Page<TicketView>>> ListForEventAsync(Actor actor, Guid eventId, int page, int pageSize, CancellationToken ct = default)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null || !e.IsVisibleTo(actor))
            return Failure.NotFound($"Event {eventId} was not found.");
        if (!e.IsManagedBy(actor))
            return Failure.Forbidden("Only the event's organizer sees its tickets.");
        return await PageAsync(db.Tickets.AsNoTracking().Where(t => t.EventId == eventId), page, pageSize, ct);
    }

    /// <summary>A ticket for its holder, its event's organizer or an admin; to anyone else it does not exist.</summary>
    public async Task<Result<TicketView>> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var ticket = await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (ticket is null || !CanSee(actor, ticket))
            return NotFound(id);
        return new TicketView(ticket, await CurrentPaymentAsync(id, tracked: false, ct));
    }

    /// <summary>An event's sales at a glance for its organizer: places sold and held, checkouts under way,
    /// revenue, and when each sale happened.</summary>
    public async Task<Result<SalesSummary>> GetSalesAsync(Actor actor, Guid eventId, CancellationToken ct = default)
    {
        var e = await db.Events.AsNoTracking().Include(x => x.Tiers).FirstOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null || !e.IsVisibleTo(actor))
            return Failure.NotFound($"Event {eventId} was not found.");
        if (!e.IsManagedBy(actor))
            return Failure.Forbidden("Only the event's organizer sees its sales.");
        var rows = await db.Tickets.AsNoTracking()
            .Where(t => t.EventId == eventId && (t.Status == TicketStatus.Paid || t.Status == TicketStatus.Reserved || t.Status == TicketStatus.CheckoutStarted))
            .Select(t => new { t.Status, t.Quantity, t.Price, t.Currency, t.PaidAt })
            .ToListAsync(ct);
        var paid = rows.Where(r => r.Status == TicketStatus.Paid).ToList();
        return new SalesSummary(
            e.Title, e.Capacity,
            paid.Sum(r => r.Quantity),
            rows.Where(r => r.Status != TicketStatus.Paid).Sum(r => r.Quantity),
            rows.Count(r => r.Status == TicketStatus.CheckoutStarted),
            paid.Sum(r => r.Price), e.Currency,
            paid.Where(r => r.PaidAt is not null).Select(r => new Sale(r.PaidAt!.Value, r.Quantity)).OrderBy(s => s.At).ToList());
    }

    // ---------- hold ----------

    public async Task<Result<TicketView>> CreateAsync(Actor actor, CreateTicketRequest request, CancellationToken ct = default)
    {
        var errors = request.Validate(Options.MaxQuantity);
        if (errors.Count > 0)
            return Failure.Invalid(errors);

        var e = await db.Events.AsNoTracking().Include(x => x.Tiers).FirstOrDefaultAsync(x => x.Id == request.EventId, ct);
        if (e is null || !e.IsVisibleTo(actor))
            return Failure.NotFound($"Event {request.EventId} was not found.");
        var now = Now;
        if (e.Status != EventStatus.Published || e.StartDate <= now)
            return Failure.Conflict("This event is not on sale.");

        var tier = request.PriceTierId is { } tierId
            ? e.Tiers.FirstOrDefault(t => t.Id == tierId)
            : e.Tiers.Count == 1 ? e.Tiers[0] : null;
        if (tier is null)
            return Failure.Invalid([new("priceTierId", request.PriceTierId is null
                ? "This event has several price tiers: choose one with priceTierId."
                : "priceTierId is not a tier of this event.", request, nameof(request.PriceTierId))]);

        var quantity = request.Quantity!.Value;
        var ticket = Ticket.Reserve(e, tier, actor.UserId, quantity, now, Options.Hold);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (!await Inventory.TryTakeAsync(db, e.Id, quantity, now, ct))
            {
                var remaining = await db.Events.Where(x => x.Id == e.Id).Select(x => x.Capacity - x.Reserved).SingleAsync(ct);
                return Failure.Conflict(remaining <= 0
                    ? "Sold out: no tickets are left for this event."
                    : $"Not enough tickets left: {remaining} remaining, {quantity} requested.");
            }
            db.Tickets.Add(ticket);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return new TicketView(ticket, null);
    }

    // ---------- checkout ----------

    public Task<Result<TicketView>> StartCheckoutAsync(Actor actor, Guid id, CheckoutUrls urls, string? email, CancellationToken ct = default) =>
        RetryAsync(async () =>
        {
            var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (ticket is null || ticket.UserId != actor.UserId)
                return NotFound(id);
            var payment = await CurrentPaymentAsync(id, tracked: true, ct);
            if (ticket.Status == TicketStatus.Paid)
                return Failure.Conflict("This ticket is already paid.");
            if (await EventCancelledAsync(ticket.EventId, ct))
                return Failure.Conflict("This event was cancelled; its tickets can no longer be paid.");
            if (ticket.StartCheckout(Now) is { } failure)
                return failure;

            // A second click while a session is open sends the buyer to the same session.
            if (payment is { PaymentStatus: "open" })
            {
                await db.SaveChangesAsync(ct);
                return new TicketView(ticket, payment);
            }

            if (ticket.Price == 0)
                return await CompleteFreeAsync(ticket, ct);

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

    /// <summary>The buyer came back from the checkout page: ask Stripe, never the browser, what happened.</summary>
    public Task<Result<TicketView>> CompleteCheckoutAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        SyncWithGatewayAsync(actor, id, ownerOnly: true, ct);

    public Task<Result<TicketView>> RefreshCheckoutAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        SyncWithGatewayAsync(actor, id, ownerOnly: false, ct);

    /// <summary>A signed checkout.session.* webhook arrived for this session.</summary>
    public async Task<Result<TicketView>> ApplyWebhookAsync(string sessionId, CancellationToken ct = default)
    {
        var orderId = await db.TicketPayments.Where(p => p.PaymentId == sessionId).Select(p => (Guid?)p.OrderId).FirstOrDefaultAsync(ct);
        if (orderId is null)
            return Failure.NotFound($"No payment has session {sessionId}.");
        return await SyncWithGatewayAsync(null, orderId.Value, ownerOnly: false, ct);
    }

    private Task<Result<TicketView>> SyncWithGatewayAsync(Actor? actor, Guid id, bool ownerOnly, CancellationToken ct) =>
        RetryAsync(async () =>
        {
            var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (ticket is null || (actor is not null && (ownerOnly ? ticket.UserId != actor.UserId : !CanSee(actor, ticket))))
                return NotFound(id);
            var payment = await CurrentPaymentAsync(id, tracked: true, ct);
            if (payment is null)
                return Failure.Conflict("Checkout has not been started for this ticket.");
            if (payment.PaymentId.StartsWith("free_", StringComparison.Ordinal))
                return new TicketView(ticket, payment);

            var session = await gateway.GetCheckoutSessionAsync(payment.PaymentId, ct);
            await ApplySessionAsync(ticket, payment, session, ct);
            return new TicketView(ticket, payment);
        });

    private async Task ApplySessionAsync(Ticket ticket, TicketPayment payment, CheckoutSession session, CancellationToken ct)
    {
        payment.PaymentStatus = session.Status;
        if (payment.StatusLiteral is not ("refunded" or RefundPending))
            payment.StatusLiteral = session.PaymentStatus;
        payment.PaymentIntentId ??= session.PaymentIntentId;

        if (session.IsPaid)
        {
            if (session.Card is { } card)
                await RecordCardAsync(ticket, card, ct);
            if (ticket.CanTakePaymentDirectly && await EventCancelledAsync(ticket.EventId, ct))
            {
                await RefundUnplacedPaymentAsync(ticket, payment, "The event was cancelled; your payment was refunded in full.", ct);
                return;
            }
            if (ticket.CanTakePaymentDirectly)
                ticket.MarkPaid(Now);
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
            ticket.ExpireNow(Now, "The checkout session expired before payment.");
            await SaveReleasingAsync(ticket, ct);
            return;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Money arrived for a ticket whose hold had already gone (pretix #74, Hi.Events #513):
    /// take the places again if they are still free, otherwise refund at once and say why.</summary>
    private async Task ResolveLatePaymentAsync(Ticket ticket, TicketPayment payment, CancellationToken ct)
    {
        if (await EventCancelledAsync(ticket.EventId, ct))
        {
            await RefundUnplacedPaymentAsync(ticket, payment, "The event was cancelled; your payment was refunded in full.", ct);
            return;
        }
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (await Inventory.TryRetakeAsync(db, ticket.EventId, ticket.Quantity, ct))
            {
                ticket.MarkPaid(Now, "Paid after the hold had lapsed; the tickets were still available, so they are yours.");
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return;
            }
        }
        log.LogWarning("Late payment for ticket {TicketId} is refunded: event {EventId} sold out", ticket.Id, ticket.EventId);
        await RefundUnplacedPaymentAsync(ticket, payment,
            "Your payment arrived after the hold expired and the event had sold out meanwhile; it was refunded in full.", ct);
    }

    /// <summary>A payment that cannot buy places (sold out, event cancelled) goes back to the buyer. The ticket
    /// is claimed as Refunded under its recordVersion first, so of two racing paths only one ever refunds.</summary>
    private async Task RefundUnplacedPaymentAsync(Ticket ticket, TicketPayment payment, string reason, CancellationToken ct)
    {
        var holding = ticket.Status.IsHolding();
        ticket.MarkRefunded(Now, reason);
        payment.StatusLiteral = RefundPending;
        if (holding)
            await SaveReleasingAsync(ticket, ct);
        else
            await db.SaveChangesAsync(ct);
        await CompleteRefundAsync(ticket.Id, payment, ct);
    }

    /// <summary>Moves the money back for a payment already marked refund_pending; the idempotency key makes a
    /// repeat (after a crash or provider error) a no-op at the provider.</summary>
    private async Task CompleteRefundAsync(Guid ticketId, TicketPayment payment, CancellationToken ct)
    {
        if (payment.PaymentIntentId is { } intent)
            payment.RefundId = await gateway.RefundAsync(intent, $"refund-{ticketId}", ct);
        payment.StatusLiteral = "refunded";
        await db.SaveChangesAsync(ct);
    }

    private async Task<Result<TicketView>> CompleteFreeAsync(Ticket ticket, CancellationToken ct)
    {
        var payment = new TicketPayment
        {
            Owner = ticket.UserId, OwnerId = ticket.UserId, OrderId = ticket.Id, OrganizerId = ticket.OrganizerId,
            PaymentId = $"free_{ticket.Id:N}", PaymentStatus = "complete", StatusLiteral = "no_payment_required",
            Amount = 0, Currency = ticket.Currency,
        };
        db.TicketPayments.Add(payment);
        ticket.MarkPaid(Now);
        await db.SaveChangesAsync(ct);
        return new TicketView(ticket, payment);
    }

    // ---------- cancel, expire, refund ----------

    public Task<Result<TicketView>> CancelAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        RetryAsync(async () =>
        {
            var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (ticket is null || (ticket.UserId != actor.UserId && !actor.IsAdmin))
                return NotFound(id);
            var payment = await CurrentPaymentAsync(id, tracked: true, ct);
            if (payment is { PaymentStatus: "open" })
            {
                // Close the card page first: if the buyer paid meanwhile, the payment wins.
                var session = await gateway.ExpireCheckoutSessionAsync(payment.PaymentId, ct);
                if (session.IsPaid)
                {
                    await ApplySessionAsync(ticket, payment, session, ct);
                    return Failure.Conflict("This ticket was paid while it was being cancelled; ask the organizer for a refund.");
                }
                payment.PaymentStatus = session.Status;
            }
            // Expiring the session may have expired the ticket already (its webhook can win the race).
            var holding = ticket.Status.IsHolding();
            if (ticket.Cancel(Now) is { } failure)
                return failure;
            if (holding)
                await SaveReleasingAsync(ticket, ct);
            else
                await db.SaveChangesAsync(ct);
            return new TicketView(ticket, payment);
        });

    public Task<Result<TicketView>> RefundAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        RetryAsync(async () =>
        {
            var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (ticket is null || !CanSee(actor, ticket))
                return NotFound(id);
            if (ticket.OrganizerId != actor.UserId && !actor.IsAdmin)
                return Failure.Forbidden("Only the event's organizer can refund its tickets.");
            var payment = await CurrentPaymentAsync(id, tracked: true, ct);
            if (ticket.Status == TicketStatus.Refunded)
            {
                // A refund an earlier attempt claimed but could not finish is finished now.
                if (payment is { StatusLiteral: RefundPending })
                    await CompleteRefundAsync(ticket.Id, payment, ct);
                return new TicketView(ticket, payment);
            }
            if (ticket.Refund(Now) is { } failure)
                return failure;

            // Claimed (and places released) before the money moves: a concurrent refund conflicts and stops here.
            if (payment is not null)
                payment.StatusLiteral = RefundPending;
            await SaveReleasingAsync(ticket, ct);
            if (payment is not null)
                await CompleteRefundAsync(ticket.Id, payment, ct);
            return new TicketView(ticket, payment);
        });

    /// <summary>Finishes refunds that were claimed but not completed (the provider failed or the process stopped).</summary>
    public async Task<int> RetryPendingRefundsAsync(CancellationToken ct = default)
    {
        var pending = await db.TicketPayments.Where(p => p.StatusLiteral == RefundPending).ToListAsync(ct);
        foreach (var payment in pending)
            await CompleteRefundAsync(payment.OrderId, payment, ct);
        return pending.Count;
    }

    /// <summary>Expires every hold that has lapsed. Safe anywhere, any time: each ticket moves once.</summary>
    public async Task<int> ExpireLapsedHoldsAsync(CancellationToken ct = default)
    {
        var now = Now;
        var ids = await db.Tickets
            .Where(t => (t.Status == TicketStatus.Reserved || t.Status == TicketStatus.CheckoutStarted) && t.HoldExpiresAt <= now)
            .Select(t => t.Id).ToListAsync(ct);
        var expired = 0;
        foreach (var id in ids)
        {
            db.ChangeTracker.Clear();
            try
            {
                if ((await ExpireOneAsync(id, ct)).Value?.Ticket.Status == TicketStatus.Expired)
                    expired++;
            }
            catch (PaymentGatewayException ex)
            {
                // This hold waits for the provider; the others expire now, this one on the next run.
                log.LogWarning(ex, "Could not expire the checkout of ticket {TicketId}", id);
            }
        }
        return expired;
    }

    private Task<Result<TicketView>> ExpireOneAsync(Guid id, CancellationToken ct) =>
        RetryAsync(async () =>
        {
            var ticket = await db.Tickets.FirstAsync(t => t.Id == id, ct);
            if (!ticket.HoldLapsed(Now))
                return new TicketView(ticket, null);
            var payment = await CurrentPaymentAsync(id, tracked: true, ct);
            if (payment is { PaymentStatus: "open" })
            {
                // Expire the session before freeing the places, so a late card page cannot pay for them.
                var session = await gateway.ExpireCheckoutSessionAsync(payment.PaymentId, ct);
                if (session.IsPaid)
                {
                    await ApplySessionAsync(ticket, payment, session, ct);
                    return new TicketView(ticket, payment);
                }
                payment.PaymentStatus = session.Status;
            }
            if (ticket.Expire(Now) is null)
                await SaveReleasingAsync(ticket, ct);
            return new TicketView(ticket, payment);
        });

    /// <summary>Asks the provider about every checkout still open and applies what it says.</summary>
    public async Task<int> RefreshOpenCheckoutsAsync(CancellationToken ct = default)
    {
        var ids = await db.TicketPayments
            .Where(p => p.IsActive && p.PaymentStatus == "open")
            .Join(db.Tickets.Where(t => t.Status == TicketStatus.CheckoutStarted), p => p.OrderId, t => t.Id, (p, t) => t.Id)
            .ToListAsync(ct);
        var changed = 0;
        foreach (var id in ids)
        {
            db.ChangeTracker.Clear();
            try
            {
                var result = await SyncWithGatewayAsync(null, id, ownerOnly: false, ct);
                if (result.Value?.Ticket.Status != TicketStatus.CheckoutStarted)
                    changed++;
            }
            catch (PaymentGatewayException ex)
            {
                log.LogWarning(ex, "Could not refresh the checkout of ticket {TicketId}", id);
            }
        }
        return changed;
    }

    // ---------- helpers ----------

    /// <summary>Saves a ticket that stopped holding inventory and gives the places back, atomically.</summary>
    private async Task SaveReleasingAsync(Ticket ticket, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await Inventory.ReleaseAsync(db, ticket.EventId, ticket.Quantity, ct);
        await tx.CommitAsync(ct);
    }

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

    private async Task RecordCardAsync(Ticket ticket, CardDetails card, CancellationToken ct)
    {
        var existing = await db.PaymentMethods.FirstOrDefaultAsync(m => m.PaymentMethodId == card.PaymentMethodId, ct);
        if (existing is not null)
            return;
        var customerId = await db.PaymentCustomers
            .Where(c => c.UserId == ticket.UserId && c.OrganizerId == ticket.OrganizerId)
            .Select(c => c.CustomerId).FirstOrDefaultAsync(ct) ?? "";
        db.PaymentMethods.Add(new PaymentMethod
        {
            Owner = ticket.UserId, UserId = ticket.UserId, OrganizerId = ticket.OrganizerId, CustomerId = customerId,
            PaymentMethodId = card.PaymentMethodId, CardHolderName = card.HolderName, CardHolderZip = card.HolderZip,
            CardInfo = new CardInfo { Brand = card.Brand, Last4 = card.Last4, ExpMonth = card.ExpMonth, ExpYear = card.ExpYear },
        });
    }

    private Task<TicketPayment?> CurrentPaymentAsync(Guid ticketId, bool tracked, CancellationToken ct)
    {
        var payments = tracked ? db.TicketPayments : db.TicketPayments.AsNoTracking();
        return payments.Where(p => p.OrderId == ticketId && p.IsActive).OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(ct);
    }

    private async Task<Page<TicketView>> PageAsync(IQueryable<Ticket> tickets, int page, int pageSize, CancellationToken ct)
    {
        var total = await tickets.CountAsync(ct);
        var items = await tickets.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id)
            .Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var ids = items.Select(t => t.Id).ToList();
        var payments = (await db.TicketPayments.AsNoTracking().Where(p => ids.Contains(p.OrderId) && p.IsActive).ToListAsync(ct))
            .GroupBy(p => p.OrderId).ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.CreatedAt).First());
        return new Page<TicketView>(items.Select(t => new TicketView(t, payments.GetValueOrDefault(t.Id))).ToList(), page, pageSize, total);
    }

    private Task<bool> EventCancelledAsync(Guid eventId, CancellationToken ct) =>
        db.Events.AnyAsync(e => e.Id == eventId && e.Status == EventStatus.Cancelled, ct);

    private static bool CanSee(Actor actor, Ticket ticket) =>
        actor.IsAdmin || ticket.UserId == actor.UserId || ticket.OrganizerId == actor.UserId;

    private static Failure NotFound(Guid id) => Failure.NotFound($"Ticket {id} was not found.");

    private static string Fingerprint(CheckoutUrls urls) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{urls.SuccessUrl}\n{urls.CancelUrl}")))[..16];

    /// <summary>Runs an attempt again on a fresh change tracker when another writer got there first.</summary>
    private async Task<Result<TicketView>> RetryAsync(Func<Task<Result<TicketView>>> attempt)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (DbUpdateException ex) when (i < Attempts)
            {
                log.LogDebug(ex, "Ticket change conflicted; retrying ({Attempt})", i);
                db.ChangeTracker.Clear();
            }
        }
    }
}
