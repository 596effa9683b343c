using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Payments;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Domain.Tickets;

/// <summary>Tickets are published to their holder and their event's organizer, narrowed by eventId or
/// ticketId; their index events carry the read model (event title and venue, payment status).</summary>
public sealed class TicketPublication : Publication<Ticket, TicketDto>
{
    public const string ObjectName = "ticket";
    public const string EventScope = "eventId";
    public const string TicketScope = "ticketId";

    public override string Name => ObjectName;
    public override IReadOnlyList<string> ScopeNames { get; } = [EventScope, TicketScope];

    public override TicketDto ToDto(Ticket entity) => TicketDto.From(entity);

    protected override ValueTask<Audience> AudienceAsync(TicketDto t, PortalDbContext db, CancellationToken ct) =>
        ValueTask.FromResult(new Audience(t.UserId, t.OrganizerId, ScopeSet.Of((EventScope, t.EventId), (TicketScope, t.Id))));

    protected override async Task EnrichIndexAsync(JsonObject index, TicketDto ticket, PortalDbContext db, CancellationToken ct)
    {
        // Once a group: the holds of an on-sale group are for one event, and each asked in the group's serial part.
        var e = await db.ReadOncePerGroupAsync((nameof(Heading), ticket.EventId), () => HeadingQuery(db)(db, ticket.EventId, ct));
        index["eventTitle"] = e?.Title;
        index["eventVenue"] = e?.Venue;
        // A ticket created in this save (a hold, inside the write lock) has no payment or request in the database.
        var created = db.ChangeTracker.Entries<Ticket>().Any(t => t.State == EntityState.Added && t.Entity.Id == ticket.Id);
        // A payment changed in this same save is newer than what the database has.
        var payment = db.ChangeTracker.Entries<TicketPayment>()
                          .Where(p => p.State is EntityState.Added or EntityState.Modified && p.Entity.OrderId == ticket.Id)
                          .Select(p => p.Entity).LastOrDefault()
                      ?? (created ? null : await TicketWriter.CurrentPaymentOfAsync(db, ticket.Id, ct));
        index["paymentStatus"] = payment?.PaymentStatus;
        index["paymentStatusLiteral"] = payment?.StatusLiteral;
        // Once requests are about the ticket, or it was checked in, its read model carries their extensions (seed 004's -extended).
        if (!created)
        {
            await ServiceRequests.ServiceRequestPublication.ExtendTicketIndexAsync(index, ticket.Id, ticket.UserId, db, ct);
            await CheckIns.CheckInPublication.ExtendTicketIndexAsync(index, ticket.Id, db, ct);
        }
    }

    private sealed record Heading(string Title, string Venue);

    // Compiled, as the hold's own queries (every hold's index event asks it, in its group's serial part), once per
    // model: a compiled query keeps the model it first ran with, and one process may open contexts of two providers.
    private static readonly ConcurrentDictionary<IModel, Func<PortalDbContext, Guid, CancellationToken, Task<Heading?>>> Headings = new();

    private static Func<PortalDbContext, Guid, CancellationToken, Task<Heading?>> HeadingQuery(PortalDbContext db) =>
        Headings.GetOrAdd(db.Model, static _ => EF.CompileAsyncQuery((PortalDbContext db, Guid eventId, CancellationToken _) =>
            db.Events.AsNoTracking().Where(x => x.Id == eventId).Select(x => new Heading(x.Title, x.Venue)).FirstOrDefault()));

    /// <summary>Seed 004's <c>elastic-index-tickatme_ticket-extended</c> for data another object adds to a ticket:
    /// <c>{"id": ticketId, "extends": {extension: [the new item only], extension_count: count}}</c>, to the ticket's
    /// scopes and the given audience, ordered per adding object (<paramref name="sourceId"/>, <paramref name="sequence"/>).</summary>
    public static OutboxMessage Extended(Guid ticketId, Guid eventId, string extension, JsonNode item, int count,
        string userId, string organizerId, Guid sourceId, int sequence, DateTime now)
    {
        var payload = new JsonObject
        {
            ["id"] = ticketId,
            ["extends"] = new JsonObject { [extension] = new JsonArray(item), [$"{extension}_count"] = count },
        };
        var audience = new Audience(userId, organizerId, ScopeSet.Of((EventScope, eventId), (TicketScope, ticketId)));
        return OutboxMessage.For(Topics.Index(ObjectName, Topics.Extended), OutboxKind.Index, payload.ToJsonString(Json), sourceId, sequence, audience, now);
    }

    /// <summary>A ticket's read model carrying an extension in full (from its first item on).</summary>
    public static void Extend(JsonObject index, string extension, IReadOnlyList<JsonNode> items)
    {
        if (items.Count == 0)
            return;
        index[extension] = new JsonArray([.. items]);
        index[$"{extension}_count"] = items.Count;
    }

    /// <summary>The event a ticket belongs to, from this save's changes or the database.</summary>
    public static async ValueTask<Guid?> EventOfAsync(PortalDbContext db, Guid ticketId, CancellationToken ct) =>
        db.ChangeTracker.Entries<Ticket>().FirstOrDefault(t => t.Entity.Id == ticketId)?.Entity.EventId
        ?? await db.Tickets.AsNoTracking().Where(t => t.Id == ticketId).Select(t => (Guid?)t.EventId).FirstOrDefaultAsync(ct);
}
