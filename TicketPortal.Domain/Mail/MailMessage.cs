using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TicketPortal.Domain.Mail;

/// <summary>What a message is about; its text is composed when it is sent, from the ticket as it is then.</summary>
public static class MailKinds
{
    public const string TicketPaid = "ticket-paid";
    public const string TicketRefunded = "ticket-refunded";
    /// <summary>A link to choose a new password (asked for, or for an account made on someone's behalf).</summary>
    public const string PasswordReset = "password-reset";
    /// <summary>A link that confirms the address of a newly registered account.</summary>
    public const string EmailConfirmation = "email-confirmation";
    /// <summary>A link, sent to the new address, that moves an account to it.</summary>
    public const string EmailChange = "email-change";
    /// <summary>An organizer let the recipient check tickets in at an event's door.</summary>
    public const string DoorStaffAdded = "door-staff-added";

    public static bool IsAboutTicket(string kind) => kind is TicketPaid or TicketRefunded;
}

/// <summary>One e-mail to send: queued in the same transaction as the change it tells of, sent by a background job,
/// retried until it goes. <see cref="DedupeKey"/> is unique, so a change saved twice queues one message.</summary>
public sealed class MailMessage
{
    private MailMessage() { }

    /// <summary>A message about the recipient's account, perhaps in an event's context. With no
    /// <paramref name="dedupeKey"/> each call queues one. <paramref name="toAddress"/>: an address other than the
    /// account's (a change of address), or the address a reset was asked for before its account is looked up
    /// (<paramref name="userId"/> empty).</summary>
    public static MailMessage ForAccount(string kind, string userId, DateTime now, Guid? eventId = null, string? dedupeKey = null, string? toAddress = null) => new()
    {
        Kind = kind,
        UserId = userId,
        EventId = eventId,
        ToAddress = toAddress,
        DedupeKey = dedupeKey ?? $"{kind}:{userId}:{Guid.NewGuid():N}",
        CreatedAt = now,
        NextAttemptAt = now,
    };

    /// <summary>Keyed by the ticket's version too: a ticket paid, passed on and passed back is two confirmations.</summary>
    public static MailMessage For(string kind, Guid ticketId, int ticketVersion, string userId, DateTime now) => new()
    {
        Kind = kind,
        TicketId = ticketId,
        UserId = userId,
        DedupeKey = $"{kind}:{ticketId:N}:{ticketVersion}:{userId}",
        CreatedAt = now,
        NextAttemptAt = now,
    };

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public string Kind { get; private set; } = "";
    /// <summary>The ticket a ticket message tells of; null for account messages.</summary>
    public Guid? TicketId { get; private set; }
    /// <summary>The event an account message is about (the door staff's), if any.</summary>
    public Guid? EventId { get; private set; }
    /// <summary>The recipient (the ticket's holder when the change happened); the address is read at sending.</summary>
    public string UserId { get; private set; } = "";
    public string DedupeKey { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime NextAttemptAt { get; private set; }
    /// <summary>A sender's claim: until then no other sender (another job, another instance) takes the message.</summary>
    public DateTime? ClaimedUntil { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }
    public DateTime? SentAt { get; private set; }
    /// <summary>How it went (<see cref="MailTransports"/>), or "none" when there was nothing to send.</summary>
    public string? Transport { get; private set; }
    public string? ToAddress { get; private set; }
    public string? Subject { get; private set; }
    /// <summary>The message as sent (MIME), kept for the development mailbox to show as the recipient would see it.</summary>
    public byte[]? Mime { get; private set; }

    /// <summary>The account a message asked for by address turned out to be (so its holder's mailbox shows it).</summary>
    public void AddressedTo(string userId) => UserId = userId;

    public void Sent(DateTime now, string transport, string to, string subject, byte[]? mime)
    {
        (SentAt, Transport, ToAddress, Subject, Mime) = (now, transport, to, subject, mime);
        Attempts++;
        ClaimedUntil = null;
        LastError = null;
    }

    /// <summary>A failed attempt: tried again later, backing off (1, 2, 4 … minutes, at most an hour apart).</summary>
    public void Failed(DateTime now, string error)
    {
        Attempts++;
        LastError = error.Length > 2000 ? error[..2000] : error;
        NextAttemptAt = now.AddMinutes(Math.Min(60, Math.Pow(2, Math.Min(Attempts - 1, 6))));
        ClaimedUntil = null;
    }

    /// <summary>Nothing to send (the ticket or its holder is gone): kept as sent-nowhere so it is not tried again.</summary>
    public void Dropped(DateTime now, string why)
    {
        (SentAt, Transport, LastError) = (now, "none", why);
        ClaimedUntil = null;
    }
}

internal sealed class MailMessageConfiguration : IEntityTypeConfiguration<MailMessage>
{
    public void Configure(EntityTypeBuilder<MailMessage> m)
    {
        m.HasKey(x => x.Id);
        m.Property(x => x.Id).ValueGeneratedNever();
        m.Property(x => x.Kind).HasMaxLength(40).IsRequired();
        m.Property(x => x.UserId).HasMaxLength(450).IsRequired();
        m.Property(x => x.DedupeKey).HasMaxLength(600).IsRequired();
        m.Property(x => x.LastError).HasMaxLength(2000);
        m.Property(x => x.Transport).HasMaxLength(20);
        m.Property(x => x.ToAddress).HasMaxLength(256);
        m.Property(x => x.Subject).HasMaxLength(400);
        // A sender saves its outcome only while its claim stands: one that outlived its claim (a slow SMTP server)
        // finds another sender's claim in the row, not a second "sent".
        m.Property(x => x.ClaimedUntil).IsConcurrencyToken();
        m.HasIndex(x => x.DedupeKey).IsUnique();
        m.HasIndex(x => new { x.SentAt, x.NextAttemptAt });
        m.HasIndex(x => new { x.ToAddress, x.SentAt });
        m.HasIndex(x => new { x.UserId, x.CreatedAt });
    }
}
