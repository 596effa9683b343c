using System.Text;
using MimeKit;

namespace TicketPortal.Tests.Support;

/// <summary>What the test portal's in-process SMTP server has received.</summary>
public static class Mailbox
{
    public static List<MimeMessage> MailTo(this PortalFactory portal, string address) =>
        [.. portal.Smtp.ReceivedEmail
            .Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))))
            .Where(m => m.To.Mailboxes.Any(x => string.Equals(x.Address, address, StringComparison.OrdinalIgnoreCase)))];
}
