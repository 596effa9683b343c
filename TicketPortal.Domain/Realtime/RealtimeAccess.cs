using TicketPortal.Domain.Common;

namespace TicketPortal.Domain.Realtime;

/// <summary>Who receives which event: the same rule as the REST routes — holders their own, organizers
/// their events', admins all — whether the subscriber is a hub client or a portal page.</summary>
public static class RealtimeAccess
{
    public static bool CanSee(Actor actor, OutboxMessage message) =>
        actor.IsAdmin || message.UserId == actor.UserId || message.OrganizerId == actor.UserId;

    public static bool Matches(OutboxMessage message, string topic, ScopeSet filter) =>
        message.Topic == topic && message.Scopes.Satisfies(filter);
}
