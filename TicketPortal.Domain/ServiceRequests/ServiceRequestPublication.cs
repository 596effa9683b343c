using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Realtime;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.ServiceRequests;

/// <summary>Requests go to their reporter and their event's organizer on <c>&lt;prefix&gt;-servicerequest-*</c>, narrowed
/// by eventId, ticketId or serviceRequestId. A request about a ticket also extends the ticket's index entity (seed
/// 004's <c>elastic-index-tickatme_ticket-extended</c>: the new data only, and the count).</summary>
public sealed class ServiceRequestPublication : Publication<ServiceRequest, ServiceRequestDto>
{
    public const string ObjectName = "serviceRequest";
    public const string EventScope = "eventId";
    public const string TicketScope = "ticketId";
    public const string RequestScope = "serviceRequestId";
    /// <summary>The key under which requests extend a ticket's index entity.</summary>
    public const string Extension = "serviceRequests";

    public override string Name => ObjectName;
    public override IReadOnlyList<string> ScopeNames { get; } = [EventScope, TicketScope, RequestScope];
    public override bool Seed004Topics => false;
    public override IReadOnlyList<string> ExtendsIndexOf { get; } = [TicketPublication.ObjectName];

    public override ServiceRequestDto ToDto(ServiceRequest entity) => ServiceRequestDto.From(entity);

    protected override ValueTask<Audience> AudienceAsync(ServiceRequestDto r, PortalDbContext db, CancellationToken ct) =>
        ValueTask.FromResult(new Audience(r.ReporterUserId, r.OrganizerId, Scopes(r)));

    private static ScopeSet Scopes(ServiceRequestDto r) => r.TicketId is { } ticketId
        ? ScopeSet.Of((EventScope, r.EventId), (TicketScope, ticketId), (RequestScope, r.Id))
        : ScopeSet.Of((EventScope, r.EventId), (RequestScope, r.Id));

    protected override async Task<IReadOnlyList<OutboxMessage>> ExtensionsAsync(ServiceRequestDto r, PortalDbContext db, Topics topics, DateTime now,
        bool added, CancellationToken ct)
    {
        if (r.TicketId is not { } ticketId)
            return [];
        var ticket = await db.Tickets.AsNoTracking().Where(t => t.Id == ticketId).Select(t => new { t.EventId }).FirstOrDefaultAsync(ct);
        if (ticket is null)
            return [];
        // Counted as its audience may see them: the requests this reporter opened about the ticket.
        var count = await db.ServiceRequests.CountAsync(x => x.TicketId == ticketId && x.IsActive && x.ReporterUserId == r.ReporterUserId, ct) + (added ? 1 : 0);
        // The request's own audience (not the ticket's current holder, who may not see it); ordered per request, as the
        // request's own events are.
        return [TicketPublication.Extended(ticketId, ticket.EventId, Extension, Summary(r), count, r.ReporterUserId, r.OrganizerId, r.Id, r.RecordVersion, now)];
    }

    /// <summary>What a ticket's index entity carries of one request.</summary>
    public static JsonNode Summary(ServiceRequestDto r) => new JsonObject
    {
        ["id"] = r.Id,
        ["shortname"] = r.Shortname,
        ["workflow_shortname"] = r.WorkflowShortname,
        ["state"] = r.State,
        ["is_open"] = r.IsOpen,
        ["updatedAt"] = r.UpdatedAt,
    };

    /// <summary>A ticket's index extension as its read model carries it from the first request on: the requests its
    /// holder opened (the ticket's audience may not see requests someone else opened about it).</summary>
    public static async Task ExtendTicketIndexAsync(JsonObject index, Guid ticketId, string holderId, PortalDbContext db, CancellationToken ct)
    {
        var requests = await db.ServiceRequests.AsNoTracking().Where(x => x.TicketId == ticketId && x.IsActive && x.ReporterUserId == holderId)
            .OrderBy(x => x.CreatedAt).ToListAsync(ct);
        TicketPublication.Extend(index, Extension, [.. requests.Select(x => Summary(ServiceRequestDto.From(x)))]);
    }
}
