using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Domain.Seats;

/// <summary>A seat as its changes are published: status and lock, never its token.</summary>
public sealed record SeatDto(Guid Id, Guid EventId, string Section, string Row, int Number, string Status, bool IsLocked,
    Guid PriceTierId, int RecordVersion, DateTime CreatedAt, DateTime UpdatedAt) : IPublishedDto
{
    public bool IsActive => true;

    public static SeatDto From(Seat s) =>
        new(s.Id, s.EventId, s.Section, s.Row, s.Number, s.Status.ToString(), s.IsLocked, s.PriceTierId, s.RecordVersion, s.CreatedAt, s.UpdatedAt);
}

/// <summary>Seat changes (held, sold, released, locked, unlocked) on <c>&lt;prefix&gt;-seat-*</c>, to the event's
/// organizer, narrowed by eventId. The portal's seat picker hears them too and redraws the map for everyone.</summary>
public sealed class SeatPublication : Publication<Seat, SeatDto>
{
    public const string ObjectName = "seat";
    public const string EventScope = "eventId";

    public override string Name => ObjectName;
    public override IReadOnlyList<string> ScopeNames { get; } = [EventScope];
    public override bool Seed004Topics => false;
    // A new map is thousands of seats at once; viewers learn of it by reloading, not seat by seat.
    protected override bool PublishesCreation => false;

    public override SeatDto ToDto(Seat entity) => SeatDto.From(entity);

    protected override async ValueTask<Audience> AudienceAsync(SeatDto s, PortalDbContext db, CancellationToken ct)
    {
        var organizer = await db.Events.AsNoTracking().Where(e => e.Id == s.EventId).Select(e => e.OrganizerId).FirstOrDefaultAsync(ct);
        return new Audience(null, organizer, ScopeSet.Of((EventScope, s.EventId)));
    }
}
