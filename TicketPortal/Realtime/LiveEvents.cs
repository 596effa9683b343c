using TicketPortal.Domain.Common;
using TicketPortal.Domain.Realtime;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Realtime;

/// <summary>The same dispatched events, for the portal's own pages (they run on the server, so they listen
/// here rather than through a hub connection to themselves), filtered by the same access rule as the hub.</summary>
public sealed class LiveEvents(Topics topics, ILogger<LiveEvents> log)
{
    /// <summary>Whether a message is a ticket's database event (created, updated or deleted): what pages that
    /// show tickets react to.</summary>
    public bool IsTicketChange(OutboxMessage message) =>
        message.Kind == OutboxKind.Database && topics.IsDatabaseEventOf(message.Topic, TicketPublication.ObjectName);

    /// <summary>Whether a message is a seat's change (held, sold, released, locked, unlocked): what seat maps react to.</summary>
    public bool IsSeatChange(OutboxMessage message) =>
        message.Kind == OutboxKind.Database && topics.IsPlainEventOf(message.Topic, Domain.Seats.SeatPublication.ObjectName);

    /// <summary>Whether a message is a service request's change (opened, moved, assigned).</summary>
    public bool IsServiceRequestChange(OutboxMessage message) =>
        message.Kind == OutboxKind.Database && topics.IsPlainEventOf(message.Topic, Domain.ServiceRequests.ServiceRequestPublication.ObjectName);

    /// <summary>Whether a message is a check-in at an event's door.</summary>
    public bool IsCheckInChange(OutboxMessage message) =>
        message.Kind == OutboxKind.Database && topics.IsPlainEventOf(message.Topic, Domain.CheckIns.CheckInPublication.ObjectName);

    public event Action<OutboxMessage>? Published;

    /// <summary>Tells every listening page; one failing page does not stop the others or the dispatcher.</summary>
    public void Publish(OutboxMessage message)
    {
        foreach (var handler in Published?.GetInvocationList().Cast<Action<OutboxMessage>>() ?? [])
        {
            try
            {
                handler(message);
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "A live page failed to take event {EventId}", message.Id);
            }
        }
    }

    /// <summary>Calls <paramref name="onEvent"/> for each event the actor may see and the filter accepts,
    /// until the returned handle is disposed (with the page).</summary>
    public IDisposable Listen(Actor actor, Func<OutboxMessage, bool> filter, Func<OutboxMessage, Task> onEvent)
    {
        void Handler(OutboxMessage m)
        {
            if (RealtimeAccess.CanSee(actor, m) && filter(m))
                _ = onEvent(m);
        }
        Published += Handler;
        return new Subscription(() => Published -= Handler);
    }

    /// <summary>For public figures (tickets left on an event page): the page learns only that something
    /// matching changed, never the event itself, and re-reads what anyone may see.</summary>
    public IDisposable OnChange(Func<OutboxMessage, bool> filter, Func<Task> onChange)
    {
        void Handler(OutboxMessage m)
        {
            if (filter(m))
                _ = onChange();
        }
        Published += Handler;
        return new Subscription(() => Published -= Handler);
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
