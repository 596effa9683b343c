using TicketPortal.Domain.Realtime;

namespace TicketPortal.Realtime;

/// <summary>The same dispatched events, for the portal's own pages (they run on the server, so they listen
/// here rather than through a hub connection to themselves). Handlers must filter with RealtimeAccess.</summary>
public sealed class LiveEvents
{
    public event Action<OutboxMessage>? Published;

    public void Publish(OutboxMessage message) => Published?.Invoke(message);
}
