using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Payments;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.Realtime;

/// <summary>Turns the changes about to be saved into seed 004's database and index events. Runs inside
/// SaveChanges, so the events join the same transaction as the rows they describe: one mechanism for
/// every change, not code in each endpoint.</summary>
internal static class OutboxCapture
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Change(string Name, object Current, object Original, EntityState State, bool SoftDeleted,
        Guid EntityId, long Sequence, string UserId, string OrganizerId, Guid? EventId, Guid? TicketId);

    public static async Task<List<OutboxMessage>> CaptureAsync(PortalDbContext db, Topics topics, DateTime now, CancellationToken ct)
    {
        var changes = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(Describe).OfType<Change>().ToList();
        if (changes.Count == 0)
            return [];

        var enrich = await ReadModelLookupsAsync(db, changes, ct);
        var messages = new List<OutboxMessage>();
        foreach (var c in changes)
        {
            var change = c.State switch
            {
                EntityState.Added => "created",
                EntityState.Deleted => "deleted",
                _ => c.SoftDeleted ? "deleted" : "updated",
            };
            var eventId = c.EventId ?? (c.TicketId is { } t ? enrich.EventOfTicket.GetValueOrDefault(t) : null);
            var dbPayload = change switch
            {
                "created" => Node(c.Current),
                "deleted" => Node(c.State == EntityState.Deleted ? c.Original : c.Current),
                _ => new JsonObject { [$"old_{c.Name}"] = Node(c.Original), [c.Name] = Node(c.Current) },
            };
            var indexPayload = Node(c.State == EntityState.Deleted ? c.Original : c.Current);
            if (c.Current is TicketDto ticket)
                enrich.AddReadModel(indexPayload, ticket);

            messages.Add(Message(topics.Database(c.Name, change), OutboxKind.Database, dbPayload, c, eventId, now));
            messages.Add(Message(Topics.Index(c.Name, change), OutboxKind.Index, indexPayload, c, eventId, now));
        }
        return messages;
    }

    private static Change? Describe(EntityEntry e)
    {
        var deleted = e.State == EntityState.Deleted;
        switch (e.Entity)
        {
            case Ticket t:
                var ot = (Ticket)e.OriginalValues.ToObject();
                return new Change("ticket", TicketDto.From(t), TicketDto.From(ot), e.State, ot.IsActive && !t.IsActive,
                    t.Id, t.RecordVersion + (deleted ? 1 : 0), t.UserId, t.OrganizerId, t.EventId, t.Id);
            case TicketPayment p:
                var op = (TicketPayment)e.OriginalValues.ToObject();
                return new Change("ticketPayment", TicketPaymentDto.From(p), TicketPaymentDto.From(op), e.State, op.IsActive && !p.IsActive,
                    p.Id, p.RecordVersion + (deleted ? 1 : 0), p.OwnerId, p.OrganizerId, null, p.OrderId);
            case PaymentCustomer c:
                var oc = (PaymentCustomer)e.OriginalValues.ToObject();
                return new Change("paymentCustomer", PaymentCustomerDto.From(c), PaymentCustomerDto.From(oc), e.State, oc.IsActive && !c.IsActive,
                    c.Id, c.RecordVersion + (deleted ? 1 : 0), c.UserId, c.OrganizerId, null, null);
            case PaymentMethod m:
                var om = (PaymentMethod)e.OriginalValues.ToObject();
                om.CardInfo = m.CardInfo; // owned; a card's details do not change
                return new Change("paymentMethod", PaymentMethodDto.From(m), PaymentMethodDto.From(om), e.State, om.IsActive && !m.IsActive,
                    m.Id, m.RecordVersion + (deleted ? 1 : 0), m.UserId, m.OrganizerId, null, null);
            default:
                return null;
        }
    }

    private static OutboxMessage Message(string topic, OutboxKind kind, JsonNode payload, Change c, Guid? eventId, DateTime now) => new()
    {
        Topic = topic, Kind = kind, EntityId = c.EntityId, Sequence = c.Sequence, OccurredAt = now,
        Payload = payload.ToJsonString(Json), UserId = c.UserId, OrganizerId = c.OrganizerId, EventId = eventId, TicketId = c.TicketId,
    };

    private static JsonNode Node(object value) => JsonSerializer.SerializeToNode(value, value.GetType(), Json)!;

    /// <summary>What the index's read model adds to a ticket: its event's title and venue and its payment's status.</summary>
    private sealed class Lookups
    {
        public Dictionary<Guid, (string Title, string Venue)> Events { get; } = [];
        public Dictionary<Guid, TicketPayment> Payments { get; } = [];
        public Dictionary<Guid, Guid?> EventOfTicket { get; } = [];

        public void AddReadModel(JsonNode node, TicketDto ticket)
        {
            var o = node.AsObject();
            var e = Events.GetValueOrDefault(ticket.EventId);
            o["eventTitle"] = e.Title;
            o["eventVenue"] = e.Venue;
            var p = Payments.GetValueOrDefault(ticket.Id);
            o["paymentStatus"] = p?.PaymentStatus;
            o["paymentStatusLiteral"] = p?.StatusLiteral;
        }
    }

    private static async Task<Lookups> ReadModelLookupsAsync(PortalDbContext db, List<Change> changes, CancellationToken ct)
    {
        var lookups = new Lookups();
        var ticketIds = changes.Where(c => c.TicketId is not null).Select(c => c.TicketId!.Value).Distinct().ToList();
        foreach (var c in changes.Where(c => c.Current is TicketDto))
            lookups.EventOfTicket[c.EntityId] = c.EventId;
        var missing = ticketIds.Where(id => !lookups.EventOfTicket.ContainsKey(id)).ToList();
        if (missing.Count > 0)
            foreach (var row in await db.Tickets.AsNoTracking().Where(t => missing.Contains(t.Id)).Select(t => new { t.Id, t.EventId }).ToListAsync(ct))
                lookups.EventOfTicket[row.Id] = row.EventId;

        var eventIds = lookups.EventOfTicket.Values.OfType<Guid>().Distinct().ToList();
        foreach (var row in await db.Events.AsNoTracking().Where(e => eventIds.Contains(e.Id)).Select(e => new { e.Id, e.Title, e.Venue }).ToListAsync(ct))
            lookups.Events[row.Id] = (row.Title, row.Venue);

        var ticketChanges = changes.Where(c => c.Current is TicketDto).Select(c => c.EntityId).ToList();
        if (ticketChanges.Count > 0)
        {
            foreach (var p in await db.TicketPayments.AsNoTracking().Where(p => ticketChanges.Contains(p.OrderId) && p.IsActive).ToListAsync(ct))
                if (!lookups.Payments.TryGetValue(p.OrderId, out var known) || known.CreatedAt < p.CreatedAt)
                    lookups.Payments[p.OrderId] = p;
            // Payments changed in this same save are newer than what the database has.
            foreach (var entry in db.ChangeTracker.Entries<TicketPayment>().Where(e => e.State is EntityState.Added or EntityState.Modified))
                lookups.Payments[entry.Entity.OrderId] = entry.Entity;
        }
        return lookups;
    }
}
