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
        /// <summary>Replaced when a re-check finds the account's roles changed.</summary>
        public Actor Actor { get; set; } = actor;
        public HashSet<Subscription> Subscriptions { get; } = [];
    }

    private readonly ConcurrentDictionary<string, Subscriber> connections = new();

    /// <summary>Adds a subscription unless the connection already has <paramref name="max"/>; returns whether it
    /// is subscribed (a repeat of one it has counts as subscribed).</summary>
    public bool Add(string connectionId, Actor actor, string topic, ScopeSet filter, int max)
    {
        var subscriber = connections.GetOrAdd(connectionId, _ => new Subscriber(actor));
        lock (subscriber)
        {
            var subscription = new Subscription(topic, filter);
            if (subscriber.Subscriptions.Count >= max && !subscriber.Subscriptions.Contains(subscription))
                return false;
            subscriber.Subscriptions.Add(subscription);
            return true;
        }
    }

    /// <summary>What this connection may see, once it has subscribed.</summary>
    public Actor? ActorOf(string connectionId) => connections.TryGetValue(connectionId, out var s) ? s.Actor : null;

    /// <summary>The users with live subscriptions, for the periodic re-check of their roles.</summary>
    public IReadOnlyCollection<string> Users() => connections.Values.Select(s => s.Actor.UserId).ToHashSet();

    /// <summary>Applies a re-check: the user's connections see what <paramref name="actor"/> may see from now on;
    /// null (the account is gone or locked out) drops their subscriptions.</summary>
    public void Recheck(string userId, Actor? actor)
    {
        foreach (var (id, subscriber) in connections)
        {
            if (subscriber.Actor.UserId != userId)
                continue;
            if (actor is null)
                connections.TryRemove(id, out _);
            else
                subscriber.Actor = actor;
        }
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
