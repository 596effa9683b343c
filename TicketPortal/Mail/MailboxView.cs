using MimeKit;

namespace TicketPortal.Mail;

/// <summary>A stored message's HTML as a mail client shows it: inline images (cid:) become data: URIs the page may show.</summary>
public static class MailboxView
{
    public static string Html(byte[] mime)
    {
        using var stream = new MemoryStream(mime);
        var message = MimeMessage.Load(stream);
        var html = message.HtmlBody ?? System.Net.WebUtility.HtmlEncode(message.TextBody ?? "");
        foreach (var part in message.BodyParts.OfType<MimePart>().Where(p => p.ContentId is not null))
        {
            using var content = new MemoryStream();
            part.Content?.DecodeTo(content);
            html = html.Replace($"cid:{part.ContentId}", $"data:{part.ContentType.MimeType};base64,{Convert.ToBase64String(content.ToArray())}", StringComparison.Ordinal);
        }
        return html;
    }
}
