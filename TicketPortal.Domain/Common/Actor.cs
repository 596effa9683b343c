namespace TicketPortal.Domain.Common;

/// <summary>Who asks: the signed-in user's id and whether they may see everyone's data.</summary>
public sealed record Actor(string UserId, bool IsAdmin);
