using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.CheckIns;

/// <summary>Check-ins go to the ticket's holder and the event's organizer on <c>&lt;prefix&gt;-checkin-created</c>, narrowed by
/// eventId or ticketId, and extend the ticket's index entity (seed 004's <c>elastic-index-tickatme_ticket-extended</c>:
/// the new check-in only, and the count).</summary>
public sealed class CheckInPublication : Publication<CheckIn, CheckInDto>
{
    public const string ObjectName = "checkin";
    public const string EventScope = TicketPublication.EventScope;
    public const string TicketScope = TicketPublication.TicketScope;
    /// <summary>The key under which check-ins extend a ticket's index entity.</summary>
    public const string Extension = "checkIns";

    public override string Name => ObjectName;
    public override IReadOnlyList<string> ScopeNames { get; } = [EventScope, TicketScope];
    public override bool Seed004Topics => false;
    public override IReadOnlyList<string> ExtendsIndexOf { get; } = [TicketPublication.ObjectName];

    public override CheckInDto ToDto(CheckIn entity) => CheckInDto.From(entity);

    protected override ValueTask<Audience> AudienceAsync(CheckInDto c, PortalDbContext db, CancellationToken ct) =>
        ValueTask.FromResult(new Audience(c.HolderUserId, c.OrganizerId, ScopeSet.Of((EventScope, c.EventId), (TicketScope, c.TicketId))));

    protected override async Task<IReadOnlyList<OutboxMessage>> ExtensionsAsync(CheckInDto c, PortalDbContext db, Topics topics, DateTime now,
        bool added, CancellationToken ct)
    {
        var count = await db.CheckIns.CountAsync(x => x.TicketId == c.TicketId, ct) + (added ? 1 : 0);
        return [TicketPublication.Extended(c.TicketId, c.EventId, Extension, Summary(c), count, c.HolderUserId, c.OrganizerId, c.Id, c.RecordVersion, now)];
    }

    /// <summary>A ticket's index extension as its read model carries it from the first check-in on.</summary>
    public static async Task ExtendTicketIndexAsync(JsonObject index, Guid ticketId, PortalDbContext db, CancellationToken ct)
    {
        var checkIns = await db.CheckIns.AsNoTracking().Where(x => x.TicketId == ticketId).OrderBy(x => x.Number).ToListAsync(ct);
        TicketPublication.Extend(index, Extension, [.. checkIns.Select(x => Summary(CheckInDto.From(x)))]);
    }

    /// <summary>What a ticket's index entity carries of one check-in.</summary>
    public static JsonNode Summary(CheckInDto c) => new JsonObject
    {
        ["id"] = c.Id,
        ["admission"] = c.Admission,
        ["seat"] = c.Seat,
        ["device"] = c.Device,
        ["checkedInAt"] = c.CheckedInAt,
    };
}
