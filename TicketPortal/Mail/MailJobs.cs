using Hangfire;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using TicketPortal.Domain.Mail;

namespace TicketPortal.Mail;

/// <summary>The sending job: takes each due message it can claim, writes it and sends it (SMTP, or the development
/// mailbox); a message that fails is tried again later and never holds up the others.</summary>
public sealed class MailJobs(MailOutbox queue, MailComposer composer, MailNudge nudge, IOptions<MailOptions> options, IHostEnvironment env,
    TimeProvider clock, ILogger<MailJobs> log)
{
    public const string SendId = "mail-send";
    private const int Batch = 50;

    [AutomaticRetry(Attempts = 0)]
    public async Task SendDueAsync(CancellationToken ct)
    {
        var o = options.Value;
        var mailbox = o.UsesMailbox(env);
        if (!o.HasSmtp && !mailbox)
            return; // Waiting for Mail:Smtp (said at start-up); nothing is lost.
        nudge.Reading();
        SmtpClient? smtp = null;
        try
        {
            foreach (var id in await queue.DueAsync(Batch, ct))
            {
                if (await queue.ClaimAsync(id, ct) is not { } message)
                    continue;
                try
                {
                    var (mime, nothing) = await composer.ComposeAsync(message, ct);
                    var now = clock.GetUtcNow().UtcDateTime;
                    if (mime is null)
                        message.Dropped(now, nothing!);
                    else if (mailbox)
                        message.Sent(now, MailTransports.Mailbox, Address(mime), mime.Subject ?? "", Bytes(mime));
                    else
                    {
                        smtp ??= await ConnectAsync(o.Smtp, ct);
                        await smtp.SendAsync(mime, ct);
                        message.Sent(clock.GetUtcNow().UtcDateTime, MailTransports.Smtp, Address(mime), mime.Subject ?? "", null);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "E-mail {Id} ({Kind}) was not sent; it is tried again later", message.Id, message.Kind);
                    message.Failed(clock.GetUtcNow().UtcDateTime, ex.Message);
                    // A broken connection is not reused for the next message.
                    if (smtp is not null)
                    {
                        smtp.Dispose();
                        smtp = null;
                    }
                }
                try
                {
                    await queue.SaveAsync(ct);
                }
                catch (DbUpdateConcurrencyException)
                {
                    log.LogWarning("E-mail {Id} outlived this sender's claim; another sender has it now", message.Id);
                    queue.Forget(message);
                }
            }
        }
        finally
        {
            if (smtp is not null)
            {
                if (smtp.IsConnected)
                    await smtp.DisconnectAsync(quit: true, CancellationToken.None);
                smtp.Dispose();
            }
        }
    }

    private static async Task<SmtpClient> ConnectAsync(SmtpOptions o, CancellationToken ct)
    {
        // Well inside the claim (MailOutbox.ClaimFor), so a stuck server cannot outlast it.
        var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(30).TotalMilliseconds };
        try
        {
            await client.ConnectAsync(o.Host!, o.Port, Enum.Parse<SecureSocketOptions>(o.Security, ignoreCase: true), ct);
            if (!string.IsNullOrEmpty(o.Username))
                await client.AuthenticateAsync(o.Username, o.Password ?? "", ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static string Address(MimeMessage m) => m.To.Mailboxes.First().Address;

    private static byte[] Bytes(MimeMessage m)
    {
        using var stream = new MemoryStream();
        m.WriteTo(stream);
        return stream.ToArray();
    }
}
