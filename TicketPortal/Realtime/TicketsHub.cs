using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using TicketPortal.Domain.Realtime;
using TicketPortal.Setup;

namespace TicketPortal.Realtime;

/// <summary>The public realtime subscription (seed 004's "public subscription for front ends"):
/// Subscribe(topic, filter) / Unsubscribe(topic, filter); the server calls the client's "event" method.</summary>
[Authorize]
public sealed class TicketsHub(SubscriptionRegistry registry, OutboxSignal outbox) : Hub
{
    public const string Path = "/hubs/tickets";

    public Task Subscribe(string topic, SubscriptionFilter? filter)
    {
        if (string.IsNullOrEmpty(topic) || !outbox.Topics.All.Contains(topic))
            throw new HubException($"Unknown topic '{topic}'. Topics look like '{outbox.Topics.Database("ticket", "updated")}'; see the README for the list.");
        registry.Add(Context.ConnectionId, Context.User!.ToActor()!, topic, filter);
        return Task.CompletedTask;
    }

    public Task<bool> Unsubscribe(string topic, SubscriptionFilter? filter) =>
        Task.FromResult(registry.Remove(Context.ConnectionId, topic, filter));

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        registry.Drop(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
