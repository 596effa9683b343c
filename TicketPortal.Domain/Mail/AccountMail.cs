using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Data;

namespace TicketPortal.Domain.Mail;

/// <summary>Queues the messages about a person's account (a password reset, an address to confirm); the sending job
/// writes them, with a fresh token, when it sends them, so no token waits in the database.</summary>
public sealed class AccountMail(PortalDbContext db, UserManager<PortalUser> users, TimeProvider clock)
{
    /// <summary>At most one message of a kind per account in this time: a public form cannot flood someone's inbox.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>A reset link for the account of this address, if there is one. The caller learns nothing either way,
    /// so the form cannot tell who has an account.</summary>
    public async Task RequestPasswordResetAsync(string? email, CancellationToken ct = default)
    {
        if (!string.IsNullOrWhiteSpace(email) && await users.FindByEmailAsync(email.Trim()) is { } user)
            await QueueAsync(MailKinds.PasswordReset, user.Id, ct);
    }

    public async Task QueueAsync(string kind, string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - Interval;
        if (await db.MailMessages.AnyAsync(m => m.UserId == userId && m.Kind == kind && m.CreatedAt > since, ct))
            return;
        db.MailMessages.Add(MailMessage.ForAccount(kind, userId, now));
        await db.SaveChangesAsync(ct);
    }
}
