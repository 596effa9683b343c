using System.Collections;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Realtime;

/// <summary>Hands dispatched events to this instance's hub subscribers (those who asked for each and may see it)
/// and its live pages. One event that fails to go out is logged and does not hold up the rest.</summary>
public sealed class OutboxDelivery(SubscriptionRegistry registry, IHubContext<TicketsHub> hub, LiveEvents live, IConfiguration config, ILogger<OutboxDelivery> log)
{
    // With the Redis backplane, a send to a list of connections goes through Redis even for this instance's own;
    // one send per connection stays local (and keeps working while Redis is away).
    private readonly bool backplane = config["Redis:Connection"] is { Length: > 0 };

    public async Task DeliverAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct)
    {
        foreach (var message in messages)
        {
            try
            {
                await SendAsync(message, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Event {EventId} ({Topic}) could not be sent to this instance's subscribers", message.Id, message.Topic);
            }
            live.Publish(message);
        }
    }

    private async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var recipients = registry.Recipients(message).ToList();
        if (recipients.Count == 0)
            return;
        using var payload = JsonDocument.Parse(message.Payload);
        // Cloned: SignalR may serialize after this method has returned.
        var sent = new RealtimeEvent(message.Topic, message.Id, message.OccurredAt, payload.RootElement.Clone(), message.EntityId, message.Sequence);
        if (!backplane)
            // One send to all recipients: SignalR serializes the message once for them all.
            await hub.Clients.Clients(new ConnectionSet(recipients)).SendAsync("event", sent, ct);
        else
            foreach (var connection in recipients)
                await hub.Clients.Client(connection).SendAsync("event", sent, ct);
    }

    /// <summary>SignalR's in-process send to a list of connections asks the list, for every connection of the hub,
    /// whether it contains it (Enumerable.Contains, which uses ICollection.Contains when there is one): a list
    /// scans itself each time, 25 million comparisons for one event at 5000 subscribers; this set answers at once.</summary>
    private sealed class ConnectionSet(List<string> ids) : IReadOnlyList<string>, ICollection<string>
    {
        private readonly HashSet<string> set = new(ids, StringComparer.Ordinal);

        public string this[int index] => ids[index];
        public int Count => ids.Count;
        public bool IsReadOnly => true;
        public bool Contains(string item) => set.Contains(item);
        public void CopyTo(string[] array, int arrayIndex) => ids.CopyTo(array, arrayIndex);
        public IEnumerator<string> GetEnumerator() => ids.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        public void Add(string item) => throw new NotSupportedException();
        public void Clear() => throw new NotSupportedException();
        public bool Remove(string item) => throw new NotSupportedException();
    }
}
