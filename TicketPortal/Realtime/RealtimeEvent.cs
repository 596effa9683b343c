using System.Text.Json;

namespace TicketPortal.Realtime;

/// <summary>What a subscriber's "event" handler receives. entityId + sequence let it drop duplicates and
/// order events of one object (sequence is the object's recordVersion after the change).</summary>
public sealed record RealtimeEvent(string Topic, Guid Id, DateTime OccurredAt, JsonElement Payload, Guid EntityId, long Sequence);

/// <summary>Narrows a subscription to one event or one ticket; null fields match everything the caller may see.</summary>
public sealed record SubscriptionFilter(Guid? EventId = null, Guid? TicketId = null);
