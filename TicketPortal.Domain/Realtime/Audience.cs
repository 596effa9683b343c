namespace TicketPortal.Domain.Realtime;

/// <summary>Who may receive an object's events (its holder, its organizer; admins see all) and the scopes a
/// subscriber can narrow them by (for example eventId and ticketId).</summary>
public sealed record Audience(string? UserId, string? OrganizerId, ScopeSet Scopes);
