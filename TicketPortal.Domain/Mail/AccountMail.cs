using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;

namespace TicketPortal.Domain.Mail;

/// <summary>Queues the messages about a person's account (a password reset, an address to confirm); the sending job
/// writes them, with a fresh token, when it sends them, so no token waits in the database.</summary>
public sealed class AccountMail(PortalDbContext db, TimeProvider clock)
{
    /// <summary>At most one message of a kind per recipient in this time.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>A reset link for the account of this address, if there is one, at most one a minute. The account is
    /// looked up by the sending job, not here: the form answers alike, in the same time, whether or not there is one.</summary>
    public async Task RequestPasswordResetAsync(string? email, CancellationToken ct = default)
    {
        var address = email?.Trim();
        if (string.IsNullOrEmpty(address) || address.Length > 256 || !new EmailAddressAttribute().IsValid(address))
            return;
        await QueueAsync(MailKinds.PasswordReset, "", address.ToUpperInvariant(), address, ct);
    }

    /// <summary>A message about an account, at most one of a kind a minute: a public form cannot flood an inbox.
    /// <paramref name="toAddress"/>: another address than the account's (where a change of address is confirmed).</summary>
    public Task QueueAsync(string kind, string userId, string? toAddress = null, CancellationToken ct = default) =>
        QueueAsync(kind, userId, userId, toAddress, ct);

    /// <summary>Keyed by kind, <paramref name="recipient"/> and minute: the key holds this calendar minute against
    /// parallel requests, the look before it the last minute.</summary>
    private async Task QueueAsync(string kind, string userId, string recipient, string? toAddress, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - Interval;
        var prefix = $"{kind}:{recipient}:";
        if (await db.MailMessages.AnyAsync(m => m.DedupeKey.StartsWith(prefix) && m.CreatedAt > since, ct))
            return;
        var message = MailMessage.ForAccount(kind, userId, now, dedupeKey: prefix + now.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture), toAddress: toAddress);
        db.MailMessages.Add(message);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same kind for the same recipient this minute (the unique key decided): already on its way.
            db.Entry(message).State = EntityState.Detached;
        }
    }
}
