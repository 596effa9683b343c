using System.Text;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using MimeKit.Utils;
using TicketPortal.CheckIns;
using TicketPortal.Components;
using TicketPortal.Domain.CheckIns;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Mail;
using static TicketPortal.Mail.MailParts;

namespace TicketPortal.Mail;

/// <summary>Writes a queued message from the ticket as it is now: the confirmation carries one QR code per admission
/// (inline images, so they show without loading anything remote); the refund message says why and how much.</summary>
public sealed class MailComposer(PortalDbContext db, AdmissionCodes codes, AccountMessages accounts, MailParts parts)
{
    /// <summary>The message, or null with the reason when there is nothing to send any more.</summary>
    public Task<(MimeMessage? Message, string? Nothing)> ComposeAsync(MailMessage queued, CancellationToken ct) =>
        MailKinds.IsAboutTicket(queued.Kind) ? TicketMessageAsync(queued, ct) : accounts.ComposeAsync(queued, ct);

    private async Task<(MimeMessage? Message, string? Nothing)> TicketMessageAsync(MailMessage queued, CancellationToken ct)
    {
        var ticket = await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == queued.TicketId, ct);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == queued.UserId, ct);
        if (ticket is null || user?.Email is not { Length: > 0 } email)
            return (null, "The ticket or its holder no longer exists.");
        var e = await db.Events.AsNoTracking().FirstAsync(x => x.Id == ticket.EventId, ct);
        var link = $"{parts.BaseUrl()}/tickets/{ticket.Id}";
        var name = user.DisplayName ?? email;
        var body = new BodyBuilder();
        var html = new StringBuilder();
        var text = new StringBuilder();
        string subject;
        html.Append(I($"<p>Hello {H(name)},</p>"));
        text.AppendLine(I($"Hello {name},")).AppendLine();
        var what = $"{ticket.Quantity} × {ticket.TierName}" + (ticket.Seats.Count > 0 ? $" (seats {string.Join(", ", ticket.Seats.OrderBy(s => s.SortOrder).Select(s => s.Label))})" : "");
        var when = $"{Money.When(e.StartDate)}, {e.Venue}";
        if (queued.Kind == MailKinds.TicketPaid)
        {
            if (ticket.UserId != queued.UserId || ticket.Status != Domain.Tickets.TicketStatus.Paid)
                return (null, "The ticket is no longer this holder's paid ticket; its codes would be void.");
            subject = $"Your tickets for {e.Title}";
            html.Append(I($"<p>Your tickets for <strong>{H(e.Title)}</strong> are confirmed: {H(what)}, {H(Money.Format(ticket.Price, ticket.Currency))}.</p>"))
                .Append(I($"<p>{H(when)}</p><p>Show one code per person at the door; each lets one person in once.</p>"));
            text.AppendLine(I($"Your tickets for {e.Title} are confirmed: {what}, {Money.Format(ticket.Price, ticket.Currency)}."))
                .AppendLine(when).AppendLine().AppendLine("Show one code per person at the door; each lets one person in once.").AppendLine();
            foreach (var a in await codes.ForAsync(ticket, ct))
            {
                var image = body.LinkedResources.Add(AdmissionQr.FileName(ticket.Id, a.Number), AdmissionQr.Png(a.Code), new ContentType("image", "png"));
                image.ContentId = MimeUtils.GenerateMessageId();
                var label = $"Admission {a.Number}" + (a.Seat is null ? "" : $", seat {a.Seat}");
                html.Append(I($"<p><img src=\"cid:{image.ContentId}\" width=\"200\" height=\"200\" alt=\"QR code of {H(label)}\"><br>{H(label)}: <code>{H(a.Code)}</code></p>"));
                text.AppendLine(I($"{label}: {a.Code}"));
            }
        }
        else
        {
            if (ticket.Status != Domain.Tickets.TicketStatus.Refunded)
                return (null, "The ticket is no longer refunded (the refund was refused).");
            subject = $"Refund for {e.Title}";
            var why = ticket.StatusReason ?? "Your ticket was refunded.";
            html.Append(I($"<p>Your ticket for <strong>{H(e.Title)}</strong> ({H(what)}) was refunded: {H(Money.Format(ticket.Price, ticket.Currency))}.</p>"))
                .Append(I($"<p>{H(why)}</p><p>Its entry codes are no longer valid.</p>"));
            text.AppendLine(I($"Your ticket for {e.Title} ({what}) was refunded: {Money.Format(ticket.Price, ticket.Currency)}."))
                .AppendLine(why).AppendLine("Its entry codes are no longer valid.");
        }
        html.Append(I($"<p><a href=\"{H(link)}\">Open the ticket</a></p>"));
        text.AppendLine().AppendLine(I($"Open the ticket: {link}"));
        body.HtmlBody = html.ToString();
        body.TextBody = text.ToString();
        return (parts.Envelope(subject, body, name, email), null);
    }
}
