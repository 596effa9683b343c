using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Realtime;

/// <summary>This instance's share of a dispatched batch: its own hub subscribers (who may see each event and
/// asked for it) and its own live pages. Every instance runs one; the fan-out brings each batch to all of them.
/// An event already delivered here is dropped, so a batch re-sent after a dispatcher takeover reaches each
/// subscription once.</summary>
public sealed class OutboxDelivery(SubscriptionRegistry registry, IHubContext<TicketsHub> hub, LiveEvents live)
{
    // Far more than a takeover can re-send (one batch), small enough to forget: ids only.
    private const int Remembered = 50_000;
    private readonly HashSet<Guid> seen = [];
    private readonly Queue<Guid> order = new();

    public async Task DeliverAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct)
    {
        foreach (var message in messages)
        {
            if (!FirstTime(message.Id))
                continue;
            using var payload = JsonDocument.Parse(message.Payload);
            // Cloned: SignalR may serialize after this loop has moved on.
            var sent = new RealtimeEvent(message.Topic, message.Id, message.OccurredAt, payload.RootElement.Clone(), message.EntityId, message.Sequence);
            // One send to all recipients: SignalR serializes the message once for them all.
            var recipients = registry.Recipients(message).ToList();
            if (recipients.Count > 0)
                await hub.Clients.Clients(recipients).SendAsync("event", sent, ct);
            live.Publish(message);
        }
    }

    private bool FirstTime(Guid id)
    {
        lock (seen)
        {
            if (!seen.Add(id))
                return false;
            order.Enqueue(id);
            if (order.Count > Remembered)
                seen.Remove(order.Dequeue());
            return true;
        }
    }
}
