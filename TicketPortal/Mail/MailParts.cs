using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using MimeKit;

namespace TicketPortal.Mail;

/// <summary>What every message shares: the sender, the portal's address for its links, HTML-safe text.</summary>
public sealed class MailParts(IOptions<MailOptions> options, IConfiguration config, IServer server)
{
    public MimeMessage Envelope(string subject, BodyBuilder body, string name, string email)
    {
        var message = new MimeMessage { Subject = subject, Body = body.ToMessageBody() };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(new MailboxAddress(name, email));
        return message;
    }

    /// <summary>Portal:PublicBaseUrl, else the address this instance listens on (a job has no request to ask).</summary>
    public string BaseUrl() =>
        config["Portal:PublicBaseUrl"] is { Length: > 0 } url ? url.TrimEnd('/')
        : (server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost")
            .Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal).TrimEnd('/');

    public static string H(string value) => WebUtility.HtmlEncode(value);

    public static string I(FormattableString text) => FormattableString.Invariant(text);
}
