using System.Collections.Concurrent;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Realtime;

/// <summary>The hub's subscriptions by connection. Lives in this process: a scaled-out deployment would
/// put SignalR behind a backplane and keep this per server.</summary>
public sealed class SubscriptionRegistry
{
    private sealed record Subscription(string Topic, ScopeSet Filter);

    private sealed class Subscriber(Actor actor)
    {
        public Actor Actor { get; } = actor;
        public HashSet<Subscription> Subscriptions { get; } = [];
    }

    private readonly ConcurrentDictionary<string, Subscriber> connections = new();

    public void Add(string connectionId, Actor actor, string topic, ScopeSet filter)
    {
        var subscriber = connections.GetOrAdd(connectionId, _ => new Subscriber(actor));
        lock (subscriber)
            subscriber.Subscriptions.Add(new(topic, filter));
    }

    public bool Remove(string connectionId, string topic, ScopeSet filter)
    {
        if (!connections.TryGetValue(connectionId, out var subscriber))
            return false;
        lock (subscriber)
            return subscriber.Subscriptions.Remove(new(topic, filter));
    }

    public void Drop(string connectionId) => connections.TryRemove(connectionId, out _);

    /// <summary>The connections that asked for this message and may see it.</summary>
    public IEnumerable<string> Recipients(OutboxMessage message)
    {
        foreach (var (id, subscriber) in connections)
        {
            if (!RealtimeAccess.CanSee(subscriber.Actor, message))
                continue;
            bool wanted;
            lock (subscriber)
                wanted = subscriber.Subscriptions.Any(s => RealtimeAccess.Matches(message, s.Topic, s.Filter));
            if (wanted)
                yield return id;
        }
    }
}
