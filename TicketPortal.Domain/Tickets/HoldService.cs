using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Events;
using TicketPortal.Domain.Payments;

namespace TicketPortal.Domain.Tickets;

/// <summary>Where a hold is taken (a new ticket reserves inventory for <see cref="TicketOptions.Hold"/>) and
/// where its holder gives it up.</summary>
public sealed class HoldService(
    PortalDbContext db,
    TicketWriter tickets,
    PaymentApplier payments,
    IPaymentGateway gateway,
    IOptions<TicketOptions> options)
{
    public async Task<Result<TicketView>> CreateAsync(Actor actor, CreateTicketRequest request, CancellationToken ct = default)
    {
        var errors = request.Validate(options.Value.MaxQuantity);
        if (errors.Count > 0)
            return Failure.Invalid(errors);

        var (e, shared) = await EventOfAsync(request.EventId!.Value, ct);
        if (e is null || !e.IsVisibleTo(actor))
            return Failure.NotFound($"Event {request.EventId} was not found.");
        var now = tickets.Now;
        if (e.Status != EventStatus.Published || e.StartDate <= now)
            return Failure.Conflict("This event is not on sale.");

        var seats = request.SeatIds is { Count: > 0 } ids
            ? await db.Seats.AsNoTracking().Where(s => s.EventId == e.Id && ids.Contains(s.Id)).ToListAsync(ct)
            : [];
        if (seats.Count != (request.SeatIds?.Count ?? 0))
            return Failure.Invalid([new("seatIds", "seatIds names a seat that is not part of this event.", request, nameof(request.SeatIds))]);
        if (seats.Select(s => s.PriceTierId).Distinct().Count() > 1)
            return Failure.Invalid([new("seatIds", "Pick seats of one price tier per ticket.", request, nameof(request.SeatIds))]);

        var tierId = seats.Count > 0 ? seats[0].PriceTierId : request.PriceTierId;
        var tier = tierId is { } id ? e.Tiers.FirstOrDefault(t => t.Id == id) : e.Tiers.Count == 1 ? e.Tiers[0] : null;
        if (tier is null)
            return Failure.Invalid([new("priceTierId", tierId is null
                ? "This event has several price tiers: choose one with priceTierId."
                : "priceTierId is not a tier of this event.", request, nameof(request.PriceTierId))]);

        // Sold out a moment ago is answered without queueing for the write: most of an on-sale burst asks after
        // the last place went. Places given back since are taken by the next buyer; the conditional UPDATE below
        // still decides every hold.
        // Not on a read shared in a group: its count may be behind either way (see EventOfAsync).
        if (!shared && e.Reserved + request.Places!.Value > e.Capacity)
            return PlaceInventory.NotEnough(e.Capacity - e.Reserved, request.Places.Value);
        var ticket = Ticket.Reserve(e, tier, actor.UserId, request.Places!.Value, now, options.Value.Hold);
        ticket.Seats.AddRange(seats.Select(s => new Seats.TicketSeat(s)));
        if (await tickets.SaveTakingAsync(ticket, () => WithinBuyerLimitAsync(e, ticket, ct), ct) is { } refused)
            return refused;
        return new TicketView(ticket, null);
    }

    // The event as read by an earlier hold of the same group commit: see EventOfAsync.
    private Event? groupRead;

    /// <summary>The event with its tiers, and whether this read is shared. In a group commit
    /// (<see cref="PortalDbContext.GroupCommits"/>) every hold of the group runs with this one service, inside one
    /// transaction, and an on-sale burst's group is 64 holds of one event: it is read once per group, not once per hold.
    /// A shared read's <see cref="Event.Reserved"/> is behind by the group's own holds, and on a server database also by
    /// places other transactions gave back meanwhile, so the caller leaves "sold out" to the conditional UPDATE, which
    /// decides every hold. Outside a group (a request's own service, a page's) the event is read every time.</summary>
    private async Task<(Event? Event, bool Shared)> EventOfAsync(Guid eventId, CancellationToken ct)
    {
        if (db.GroupCommits && groupRead?.Id == eventId)
            return (groupRead, true);
        var e = await EventWithTiers(db, eventId, ct);
        groupRead = db.GroupCommits ? e : null;
        return (e, false);
    }

    /// <summary>Places the buyer already holds or owns for the event (held, in checkout or paid).</summary>
    public Task<int> PlacesOfBuyerAsync(Guid eventId, string userId, CancellationToken ct = default) => PlacesOfBuyer(db, eventId, userId, ct);

    // Compiled, as the hold's other queries: every hold asks them, and EF's per-call query preparation is a good
    // part of their cost. The buyer's count runs inside the write lock.
    private static readonly Func<PortalDbContext, Guid, CancellationToken, Task<Event?>> EventWithTiers =
        EF.CompileAsyncQuery((PortalDbContext db, Guid eventId, CancellationToken _) =>
            db.Events.AsNoTracking().Include(x => x.Tiers).FirstOrDefault(x => x.Id == eventId));

    private static readonly Func<PortalDbContext, Guid, string, CancellationToken, Task<int>> PlacesOfBuyer =
        EF.CompileAsyncQuery((PortalDbContext db, Guid eventId, string userId, CancellationToken _) =>
            db.Tickets.Where(t => t.EventId == eventId && t.UserId == userId).Where(TicketStatuses.TakingInventory).Sum(t => t.Quantity));

    private async Task<Failure?> WithinBuyerLimitAsync(Event e, Ticket ticket, CancellationToken ct)
    {
        var mine = await PlacesOfBuyerAsync(e.Id, ticket.UserId, ct);
        if (mine + ticket.Quantity <= e.MaxPerBuyer)
            return null;
        return Failure.Conflict(mine == 0
            ? $"One buyer can have at most {e.MaxPerBuyer} places for this event."
            : $"One buyer can have at most {e.MaxPerBuyer} places for this event; you already hold or own {mine}.");
    }

    /// <summary>The holder (or an admin) gives up an unpaid ticket; its inventory returns at once.</summary>
    public Task<Result<TicketView>> CancelAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        tickets.RetryAsync(async () =>
        {
            var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == id, ct);
            if (ticket is null || (ticket.UserId != actor.UserId && !actor.IsAdmin))
                return TicketWriter.NotFound(id);
            var payment = await tickets.CurrentPaymentAsync(id, tracked: true, ct);
            if (payment is { PaymentStatus: SessionStatus.Open })
            {
                // Close the card page first: if the buyer paid meanwhile, the payment wins.
                var session = await gateway.ExpireCheckoutSessionAsync(payment.PaymentId, ct);
                if (session.IsPaid)
                {
                    await payments.ApplySessionAsync(ticket, payment, session, ct);
                    return Failure.Conflict("This ticket was paid while it was being cancelled; ask the organizer for a refund.");
                }
                payment.PaymentStatus = session.Status;
            }
            // Expiring the session may have expired the ticket already (its webhook can win the race).
            var tookInventory = ticket.Status.TakesInventory();
            if (ticket.Cancel(tickets.Now) is { } failure)
                return failure;
            await tickets.SaveReleasingAsync(ticket, tookInventory, ct);
            return new TicketView(ticket, payment);
        });
}
