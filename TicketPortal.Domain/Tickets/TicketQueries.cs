using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;

namespace TicketPortal.Domain.Tickets;

/// <summary>Reading tickets: a buyer's own, an event's for its organizer, one ticket, and an event's sales.</summary>
public sealed class TicketQueries(PortalDbContext db, TicketWriter tickets, TicketReadCache cache)
{
    public async Task<Page<TicketView>> ListMineAsync(Actor actor, int page, int pageSize, bool includeInactive, CancellationToken ct = default)
    {
        var mine = db.Tickets.AsNoTracking().Where(t => t.UserId == actor.UserId);
        if (!includeInactive)
            mine = mine.Where(t => t.IsActive);
        return await PageAsync(mine, page, pageSize, ct);
    }

    public async Task<Result<Page<TicketView>>> ListForEventAsync(Actor actor, Guid eventId, int page, int pageSize, CancellationToken ct = default)
    {
        if (await ManagedEventAsync(actor, eventId, "Only the event's organizer sees its tickets.", ct) is { } refused)
            return refused;
        return await PageAsync(db.Tickets.AsNoTracking().Where(t => t.EventId == eventId), page, pageSize, ct);
    }

    /// <summary>A ticket for its holder, its event's organizer or an admin; to anyone else it does not exist.</summary>
    public async Task<Result<TicketView>> GetAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var view = await ReadAsync(id, ct);
        if (view is null || !TicketWriter.CanSee(actor, view.Ticket))
            return TicketWriter.NotFound(id);
        return view;
    }

    // Inside a transaction the context may see its own uncommitted writes: neither served from the cache nor kept.
    private async Task<TicketView?> ReadAsync(Guid id, CancellationToken ct)
    {
        var shared = db.Database.CurrentTransaction is null;
        if (shared && cache.Find(id) is { } kept)
            return kept;
        var readFrom = cache.Generation;
        if (await TicketById(db, id, ct) is not { } ticket)
            return null;
        var view = new TicketView(ticket, await tickets.CurrentPaymentAsync(id, tracked: false, ct));
        if (shared)
            cache.Keep(id, readFrom, view);
        return view;
    }

    // Compiled: the hottest read of the API (GET /api/v1/tickets/{id}); see TicketWriter.CurrentPaymentAsync.
    private static readonly Func<PortalDbContext, Guid, CancellationToken, Task<Ticket?>> TicketById =
        EF.CompileAsyncQuery((PortalDbContext db, Guid id, CancellationToken _) => db.Tickets.AsNoTracking().FirstOrDefault(t => t.Id == id));

    /// <summary>An event's sales at a glance for its organizer: places sold and held, checkouts under way,
    /// revenue, and when each sale happened. Counts every ticket of the event, however many there are.</summary>
    public async Task<Result<SalesSummary>> GetSalesAsync(Actor actor, Guid eventId, CancellationToken ct = default)
    {
        if (await ManagedEventAsync(actor, eventId, "Only the event's organizer sees its sales.", ct) is { } refused)
            return refused;
        var e = await db.Events.AsNoTracking().Include(x => x.Tiers).FirstAsync(x => x.Id == eventId, ct);
        var rows = await db.Tickets.AsNoTracking()
            .Where(t => t.EventId == eventId).Where(TicketStatuses.TakingInventory)
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

    private async Task<Failure?> ManagedEventAsync(Actor actor, Guid eventId, string forbidden, CancellationToken ct)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null || !e.IsVisibleTo(actor))
            return Failure.NotFound($"Event {eventId} was not found.");
        return e.IsManagedBy(actor) ? null : Failure.Forbidden(forbidden);
    }

    private async Task<Page<TicketView>> PageAsync(IQueryable<Ticket> query, int page, int pageSize, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id)
            .Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var ids = items.Select(t => t.Id).ToList();
        var payments = (await db.TicketPayments.AsNoTracking().Where(p => ids.Contains(p.OrderId) && p.IsActive).ToListAsync(ct))
            .GroupBy(p => p.OrderId).ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.CreatedAt).First());
        return new Page<TicketView>(items.Select(t => new TicketView(t, payments.GetValueOrDefault(t.Id))).ToList(), page, pageSize, total);
    }
}
