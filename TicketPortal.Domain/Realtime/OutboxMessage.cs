namespace TicketPortal.Domain.Realtime;

/// <summary>One event waiting to be (or already) pushed to subscribers. Written in the same transaction as
/// the change it describes, so a rollback writes none and a crash after commit loses none.</summary>
public sealed class OutboxMessage
{
    private ScopeSet? scopes;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>Insertion order: dispatch follows it.</summary>
    public long Position { get; set; }
    public string Topic { get; set; } = "";
    public OutboxKind Kind { get; set; }
    /// <summary>The object the event is about (ticket, payment, …) and its recordVersion after the change,
    /// so consumers can drop duplicates and order events per object.</summary>
    public Guid EntityId { get; set; }
    public long Sequence { get; set; }
    public DateTime OccurredAt { get; set; }
    public string Payload { get; set; } = "{}";

    // Who may see it: the holder, the organizer (and admins); scopes let subscribers narrow it.
    public string? UserId { get; set; }
    public string? OrganizerId { get; set; }
    /// <summary>The <see cref="ScopeSet"/> key: <c>eventId=…;ticketId=…</c>.</summary>
    public string ScopeKey { get; set; } = "";

    public DateTime? DispatchedAt { get; set; }

    /// <summary>Dispatch order, dense and assigned once, by the instance holding the dispatcher lease: every
    /// instance delivers to its own subscribers by following this number, so each sees every event once, in
    /// this order, whatever happened to the others.</summary>
    public long? DispatchSequence { get; set; }

    /// <summary>When Kafka acknowledged it (seed 004's event stream); null while it waits, or with no Kafka.</summary>
    public DateTime? RelayedAt { get; set; }

    /// <summary>Why Kafka refused it for good (too large, not authorized…): set aside so it does not hold up the
    /// events after it, and reported by /health until someone deals with it.</summary>
    public string? RelayError { get; set; }

    /// <summary>The parsed scopes, read once per message however many subscribers look.</summary>
    public ScopeSet Scopes => scopes ??= ScopeSet.Parse(ScopeKey);

    public static OutboxMessage For(string topic, OutboxKind kind, string payload, Guid entityId, long sequence, Audience audience, DateTime now) => new()
    {
        Topic = topic, Kind = kind, Payload = payload, EntityId = entityId, Sequence = sequence, OccurredAt = now,
        UserId = audience.UserId, OrganizerId = audience.OrganizerId, ScopeKey = audience.Scopes.Key,
    };
}

public enum OutboxKind
{
    Database,
    Index,
    Route,
}
