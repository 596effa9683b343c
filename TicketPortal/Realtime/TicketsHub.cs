using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using TicketPortal.Accounts;
using TicketPortal.Domain.Realtime;

namespace TicketPortal.Realtime;

/// <summary>The public realtime subscription (seed 004's "public subscription for front ends"):
/// Subscribe(topic, filter) / Unsubscribe(topic, filter); the server calls the client's "event" method. A
/// filter names scopes, e.g. <c>{ "eventId": "…" }</c> or <c>{ "ticketId": "…" }</c>; topics and scopes are
/// those the features publish.</summary>
[Authorize]
public sealed class TicketsHub(SubscriptionRegistry registry, Publications publications, IConfiguration config, RoleRecheck roles) : Hub
{
    public const string Path = "/hubs/tickets";
    public const int DefaultMaxSubscriptions = 100;

    public async Task Subscribe(string topic, Dictionary<string, Guid?>? filter)
    {
        var topics = publications.Topics;
        if (string.IsNullOrEmpty(topic) || !topics.All.Contains(topic))
            throw new HubException($"Unknown topic '{topic}'. Topics look like '{topics.Database("ticket", Topics.Updated)}'; see the README for the list.");
        var user = CurrentUser.From(Context.User) ?? throw new HubException("Sign in to subscribe.");
        var actor = registry.ActorOf(Context.ConnectionId) ?? await CurrentActorAsync(user);
        var max = config.GetValue("Realtime:MaxSubscriptionsPerConnection", DefaultMaxSubscriptions);
        if (!registry.Add(Context.ConnectionId, actor, topic, ToScopes(filter), max))
            throw new HubException($"This connection already has {max} subscriptions, the most one connection may hold. Unsubscribe from one first.");
    }

    /// <summary>A connection's first subscription reads the account's roles now, not the (possibly older) ones its
    /// token or cookie carries; the periodic re-check keeps them current after that.</summary>
    private async Task<Domain.Common.Actor> CurrentActorAsync(CurrentUser user) =>
        await roles.CurrentRolesAsync(user.Id) is { } now
            ? new Domain.Common.Actor(user.Id, now.Contains(Domain.Accounts.Roles.Admin))
            : throw new HubException("This account is no longer active.");

    public Task<bool> Unsubscribe(string topic, Dictionary<string, Guid?>? filter) =>
        Task.FromResult(registry.Remove(Context.ConnectionId, topic, ToScopes(filter)));

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        registry.Drop(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>The filter's named ids; nulls match everything, an unknown name is refused with the known ones.</summary>
    private ScopeSet ToScopes(Dictionary<string, Guid?>? filter)
    {
        if (filter is null)
            return ScopeSet.Empty;
        var scopes = new List<(string, Guid?)>();
        foreach (var (name, id) in filter)
        {
            var known = publications.ScopeNames.FirstOrDefault(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new HubException($"Unknown filter '{name}'. Filters may name {string.Join(", ", publications.ScopeNames.Order())}.");
            scopes.Add((known, id));
        }
        return ScopeSet.Of([.. scopes]);
    }
}
