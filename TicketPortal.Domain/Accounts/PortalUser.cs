using Microsoft.AspNetCore.Identity;

namespace TicketPortal.Domain.Accounts;

public sealed class PortalUser : IdentityUser
{
    /// <summary>Shown to attendees on event pages when the user organizes events.</summary>
    public string? DisplayName { get; set; }
}
