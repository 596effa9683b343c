using System.Text.Json;

namespace TicketPortal.Realtime;

/// <summary>What a subscriber's "event" handler receives. entityId + sequence let it drop duplicates and
/// order events of one object (sequence is the object's recordVersion after the change).</summary>
public sealed record RealtimeEvent(string Topic, Guid Id, DateTime OccurredAt, JsonElement Payload, Guid EntityId, long Sequence);
