using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;

namespace TicketPortal.Domain.Events;

/// <summary>Every read and change of events, for the portal's pages and the REST API alike.</summary>
public sealed class EventService(PortalDbContext db, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Result<Page<Event>>> BrowseAsync(CatalogQuery query, CancellationToken ct = default)
    {
        var errors = query.Validate();
        if (errors.Count > 0)
            return Failure.Invalid(errors);

        var now = Now;
        var events = db.Events.AsNoTracking()
            .Where(e => e.Status == EventStatus.Published && e.EndDate > now);

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            events = Matching(events, query.Search, withDescription: true);
        }
        if (query.From is { } from)
        {
            var f = from.AsUtc();
            events = events.Where(e => e.StartDate >= f);
        }
        if (query.To is { } to)
        {
            var t = to.AsUtc();
            events = events.Where(e => e.StartDate <= t);
        }

        var total = await events.CountAsync(ct);
        var items = await events.Include(e => e.Tiers)
            .OrderBy(e => e.StartDate).ThenBy(e => e.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(ct);
        return new Page<Event>(items, query.Page, query.PageSize, total);
    }

    /// <summary>An event as the actor may see it: drafts only to their organizer (and admins).</summary>
    public async Task<Result<Event>> GetAsync(Guid id, Actor? actor, CancellationToken ct = default)
    {
        var e = await db.Events.AsNoTracking().Include(x => x.Tiers).FirstOrDefaultAsync(x => x.Id == id, ct);
        return e is not null && e.IsVisibleTo(actor) ? e : Failure.NotFound($"Event {id} was not found.");
    }

    /// <summary>Titles for lists of tickets; a ticket's holder may see its event's title whatever its status.</summary>
    public Task<Dictionary<Guid, string>> TitlesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default) =>
        db.Events.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Title, ct);

    /// <summary>The actor's own events (admins: all), every status, a page at a time.</summary>
    public async Task<Result<Page<Event>>> ListManagedAsync(Actor actor, ManagedEventsQuery query, CancellationToken ct = default)
    {
        var errors = query.Validate();
        if (errors.Count > 0)
            return Failure.Invalid(errors);
        var events = db.Events.AsNoTracking();
        if (!actor.IsAdmin)
            events = events.Where(e => e.OrganizerId == actor.UserId);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            events = Matching(events, query.Search, withDescription: false);
        }
        var total = await events.CountAsync(ct);
        var sorted = (query.SortBy, query.Descending) switch
        {
            (ManagedEventsQuery.ByTitle, false) => events.OrderBy(e => e.Title),
            (ManagedEventsQuery.ByTitle, true) => events.OrderByDescending(e => e.Title),
            (ManagedEventsQuery.ByStatus, false) => events.OrderBy(e => e.Status),
            (ManagedEventsQuery.ByStatus, true) => events.OrderByDescending(e => e.Status),
            (ManagedEventsQuery.ByCapacity, false) => events.OrderBy(e => e.Capacity),
            (ManagedEventsQuery.ByCapacity, true) => events.OrderByDescending(e => e.Capacity),
            (_, true) => events.OrderByDescending(e => e.StartDate),
            _ => events.OrderBy(e => e.StartDate),
        };
        var items = await sorted.ThenBy(e => e.Id).Include(e => e.Tiers)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return new Page<Event>(items, query.Page, query.PageSize, total);
    }

    public async Task<Result<Event>> CreateAsync(Actor actor, EventDraft draft, CancellationToken ct = default)
    {
        var errors = EventDraftValidator.Validate(draft, Now);
        if (errors.Count > 0)
            return Failure.Invalid(errors);

        var e = Event.Create(actor.UserId, draft);
        db.Events.Add(e);
        await db.SaveChangesAsync(ct);
        return e;
    }

    public async Task<Result<Event>> UpdateAsync(Actor actor, Guid id, EventDraft draft, CancellationToken ct = default)
    {
        var errors = EventDraftValidator.Validate(draft, Now);
        if (errors.Count > 0)
            return Failure.Invalid(errors);
        // A tier that seats of the map are priced in stays: removing it would leave seats nobody can buy.
        var seatTiers = await db.Seats.Where(s => s.EventId == id).Select(s => s.PriceTierId).Distinct().ToListAsync(ct);
        if (seatTiers.FirstOrDefault(t => draft.Tiers.All(d => d.Id != t)) is var dropped && dropped != Guid.Empty)
            return Failure.Invalid([new("tiers", "A price tier the seat map uses cannot be removed; give its sections another tier on the seat map first.", draft, nameof(draft.Tiers))]);
        return await ChangeAsync(actor, id, e => e.Update(draft), ct);
    }

    public Task<Result<Event>> PublishAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        ChangeAsync(actor, id, e => e.Publish(Now), ct);

    public Task<Result<Event>> UnpublishAsync(Actor actor, Guid id, CancellationToken ct = default) =>
        ChangeAsync(actor, id, e => e.Unpublish(), ct);


    /// <summary>Marks events whose end has passed as Ended; one UPDATE, safe to run anywhere, any time.</summary>
    public Task<int> EndPastEventsAsync(CancellationToken ct = default)
    {
        var now = Now;
        return db.Events
            .Where(e => (e.Status == EventStatus.Published || e.Status == EventStatus.Draft) && e.EndDate <= now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, EventStatus.Ended)
                .SetProperty(e => e.UpdatedAt, now)
                .SetProperty(e => e.RecordVersion, e => e.RecordVersion + 1), ct);
    }

    private async Task<Result<Event>> ChangeAsync(Actor actor, Guid id, Func<Event, Failure?> change, CancellationToken ct)
    {
        var e = await db.Events.Include(x => x.Tiers).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null || !e.IsVisibleTo(actor))
            return Failure.NotFound($"Event {id} was not found.");
        if (!e.IsManagedBy(actor))
            return Failure.Forbidden("Only the event's organizer can change it.");

        if (change(e) is { } failure)
            return failure;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Failure.Conflict("The event was changed by someone else at the same time. Reload it and try again.");
        }
        catch (DbUpdateException)
        {
            // The capacity check constraint: tickets were sold between reading the event and saving it.
            return Failure.Conflict("Capacity cannot go below the tickets already held or sold. Reload the event and try again.");
        }
        return e;
    }

    /// <summary>Events whose title or venue (and description) contain <paramref name="search"/>, ignoring case:
    /// LIKE does on SQLite and SQL Server's default collation, ILIKE on PostgreSQL.</summary>
    private IQueryable<Event> Matching(IQueryable<Event> events, string search, bool withDescription)
    {
        var pattern = "%" + search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        if (db.Database.IsNpgsql())
            return events.Where(e => EF.Functions.ILike(e.Title, pattern, "\\") || EF.Functions.ILike(e.Venue, pattern, "\\")
                || (withDescription && EF.Functions.ILike(e.Description, pattern, "\\")));
        return events.Where(e => EF.Functions.Like(e.Title, pattern, "\\") || EF.Functions.Like(e.Venue, pattern, "\\")
            || (withDescription && EF.Functions.Like(e.Description, pattern, "\\")));
    }
}
