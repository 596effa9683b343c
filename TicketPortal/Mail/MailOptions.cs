namespace TicketPortal.Mail;

/// <summary>Mail:Smtp (Host, Port, Username, Password, Security) and Mail:From. With no Mail:Smtp:Host the portal
/// sends nothing out: in Development (or with Mail:DevMailbox true) messages go to the development mailbox page;
/// otherwise they wait in the database, with a warning at start-up, until SMTP is configured.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public SmtpOptions Smtp { get; set; } = new();
    public string From { get; set; } = "TicketPortal <tickets@ticketportal.invalid>";
    /// <summary>Explicit switch for the development mailbox outside Development (a staging site without SMTP).</summary>
    public bool? DevMailbox { get; set; }

    public bool HasSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);

    /// <summary>The mailbox stands in for SMTP only when none is configured, and never silently outside Development.</summary>
    public bool UsesMailbox(IHostEnvironment env) => !HasSmtp && (DevMailbox ?? env.IsDevelopment());
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary>MailKit's SecureSocketOptions: Auto (STARTTLS when offered, TLS on 465), None, SslOnConnect, StartTls, StartTlsWhenAvailable.</summary>
    public string Security { get; set; } = "Auto";
}
