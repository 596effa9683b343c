namespace TicketPortal.Domain.Realtime;

/// <summary>One event waiting to be (or already) pushed to subscribers. Written in the same transaction as
/// the change it describes, so a rollback writes none and a crash after commit loses none.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.NewGuid();
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

    // Who may see it: the holder, the organizer (and admins); filters narrow by event or ticket.
    public string? UserId { get; set; }
    public string? OrganizerId { get; set; }
    public Guid? EventId { get; set; }
    public Guid? TicketId { get; set; }

    public DateTime? DispatchedAt { get; set; }
}

public enum OutboxKind
{
    Database,
    Index,
    Route,
}
