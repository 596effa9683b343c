using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Events;

namespace TicketPortal.Domain.Seats;

/// <summary>A seat as the map shows it. <see cref="Token"/> is only filled for the event's organizer.</summary>
public sealed record SeatView(Guid Id, string Section, string Row, int Number, Guid PriceTierId, string Status, bool IsLocked, string? Token)
{
    public string Label => Seat.LabelOf(Section, Row, Number);
}

public sealed record SeatMapView(Guid EventId, IReadOnlyList<SeatView> Seats)
{
    public int Available => Seats.Count(s => s.Status == nameof(SeatStatus.Available) && !s.IsLocked);
}

/// <summary>Seat maps: the organizer lays one out (or replaces it before anything is sold); anyone who may see the
/// event reads it.</summary>
public sealed class SeatMapService(PortalDbContext db)
{
    public async Task<Result<SeatMapView>> ReplaceAsync(Actor actor, Guid eventId, SeatMapDraft draft, CancellationToken ct = default)
    {
        var e = await db.Events.Include(x => x.Tiers).FirstOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null || !e.IsVisibleTo(actor))
            return Failure.NotFound($"Event {eventId} was not found.");
        if (!e.IsManagedBy(actor))
            return Failure.Forbidden("Only the event's organizer can change its seat map.");
        return await ReplaceAsync(e, draft.ToSeats(e), ct);
    }

    /// <summary>Why the actor may not change the event's seat map (not found, not theirs), or null.</summary>
    public async Task<Failure?> CheckManagedAsync(Actor actor, Guid eventId, CancellationToken ct = default)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null || !e.IsVisibleTo(actor))
            return Failure.NotFound($"Event {eventId} was not found.");
        return e.IsManagedBy(actor) ? null : Failure.Forbidden("Only the event's organizer can change its seat map.");
    }

    /// <summary>ImportSeatMap's work: the map from a CSV file (the operation's starter checked the caller manages the event).</summary>
    public async Task<Result<SeatMapView>> ImportAsync(Guid eventId, string csv, CancellationToken ct = default)
    {
        var e = await db.Events.Include(x => x.Tiers).FirstOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null)
            return Failure.NotFound($"Event {eventId} was not found.");
        return await ReplaceAsync(e, SeatMapCsv.Parse(csv, e), ct);
    }

    private async Task<Result<SeatMapView>> ReplaceAsync(Event e, Result<IReadOnlyList<Seat>> seats, CancellationToken ct)
    {
        var eventId = e.Id;
        if (seats.Failure is { } invalid)
            return invalid;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Touching the event's row first locks it until commit: no hold can slip in between the checks and the swap.
        if (await db.Events.Where(x => x.Id == eventId && x.Reserved == 0).ExecuteUpdateAsync(x => x.SetProperty(v => v.Reserved, 0), ct) == 0)
            return Failure.Conflict("Places of this event are held or sold; a seat map can only be set before anything is sold.");
        if (await db.TicketSeats.AnyAsync(t => db.Seats.Any(s => s.Id == t.SeatId && s.EventId == eventId), ct))
            return Failure.Conflict("Seats of this event have been held or sold; its seat map can no longer be replaced.");
        if (await db.Seats.CountAsync(s => s.EventId == eventId && s.IsLocked, ct) is > 0 and var locked)
            return Failure.Conflict($"{locked} seats are locked by resale listings; unlock them before replacing the map.");
        if (e.UseSeatMap(seats.Value!.Count) is { } refused)
            return refused;
        await db.Seats.Where(s => s.EventId == eventId).ExecuteDeleteAsync(ct);
        db.Seats.AddRange(seats.Value);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Failure.Conflict("The event changed while its seat map was being replaced; try again.");
        }
        await tx.CommitAsync(ct);
        return await MapAsync(e, withTokens: true, ct);
    }

    public async Task<Result<SeatMapView>> GetAsync(Actor? actor, Guid eventId, CancellationToken ct = default)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null || !e.IsVisibleTo(actor))
            return Failure.NotFound($"Event {eventId} was not found.");
        if (!e.IsSeated)
            return Failure.NotFound($"Event {eventId} has no seat map: it sells general admission.");
        return await MapAsync(e, withTokens: actor is not null && e.IsManagedBy(actor), ct);
    }

    private async Task<SeatMapView> MapAsync(Event e, bool withTokens, CancellationToken ct)
    {
        var seats = await db.Seats.AsNoTracking().Where(s => s.EventId == e.Id).OrderBy(s => s.SortOrder)
            .Select(s => new SeatView(s.Id, s.Section, s.Row, s.Number, s.PriceTierId, s.Status.ToString(), s.IsLocked, withTokens ? s.Token : null))
            .ToListAsync(ct);
        return new SeatMapView(e.Id, seats);
    }
}
