using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.Mail;

/// <summary>Queues the e-mails a save's ticket changes call for, in the same save: a confirmation with the codes when
/// a ticket becomes paid (or a paid ticket reaches a new holder, or is issued complimentary), a message when it is
/// refunded (which is also how an event's cancellation reaches its buyers).</summary>
internal static class MailCapture
{
    public static IReadOnlyList<MailMessage> Capture(PortalDbContext db, DateTime now)
    {
        var queued = new List<MailMessage>();
        foreach (var entry in db.ChangeTracker.Entries<Ticket>())
        {
            var t = entry.Entity;
            var (wasStatus, wasHolder) = entry.State switch
            {
                EntityState.Added => ((TicketStatus?)null, (string?)null),
                EntityState.Modified => (entry.Property(x => x.Status).OriginalValue, entry.Property(x => x.UserId).OriginalValue),
                _ => (t.Status, t.UserId),
            };
            if (t.Status == TicketStatus.Paid && (wasStatus != TicketStatus.Paid || wasHolder != t.UserId))
                queued.Add(MailMessage.For(MailKinds.TicketPaid, t.Id, t.RecordVersion, t.UserId, now));
            else if (t.Status == TicketStatus.Refunded && wasStatus != TicketStatus.Refunded)
                queued.Add(MailMessage.For(MailKinds.TicketRefunded, t.Id, t.RecordVersion, t.UserId, now));
        }
        return queued;
    }
}
