using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;

namespace TicketPortal.Domain.Mail;

/// <summary>The messages waiting to go, and the claim that lets exactly one sender (of several jobs or instances) send
/// each: a conditional update, so the database decides.</summary>
public sealed class MailOutbox(PortalDbContext db, TimeProvider clock)
{
    /// <summary>How long a claim holds: a sender that dies mid-send leaves the message to another after this.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    public Task<List<Guid>> DueAsync(int max, CancellationToken ct)
    {
        var now = Now;
        return db.MailMessages.Where(m => m.SentAt == null && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.NextAttemptAt).Take(max).Select(m => m.Id).ToListAsync(ct);
    }

    /// <summary>The message, tracked, if this sender won it; null if another sender has it or it went already.</summary>
    public async Task<MailMessage?> ClaimAsync(Guid id, CancellationToken ct)
    {
        var now = Now;
        var until = now + ClaimFor;
        var won = await db.MailMessages.Where(m => m.Id == id && m.SentAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, until), ct);
        return won == 1 ? await db.MailMessages.FirstAsync(m => m.Id == id, ct) : null;
    }

    public Task SaveAsync(CancellationToken ct) => db.SaveChangesAsync(ct);

    public void Forget(MailMessage message) => db.Entry(message).State = EntityState.Detached;

    /// <summary>The messages the development mailbox shows: those sent to the actor's account, newest first (everyone's, for
    /// an admin). By account, not address: whoever takes over an address later does not read its old mail.</summary>
    public Task<List<MailMessage>> MailboxAsync(Common.Actor actor, int max, CancellationToken ct) =>
        db.MailMessages.AsNoTracking().Where(m => m.Transport == MailTransports.Mailbox && (actor.IsAdmin || m.UserId == actor.UserId))
            .OrderByDescending(m => m.SentAt).Take(max).ToListAsync(ct);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}

public static class MailTransports
{
    public const string Smtp = "smtp";
    public const string Mailbox = "mailbox";
}
