using Microsoft.AspNetCore.Identity;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Mail;
using TicketPortal.Domain.Realtime;
using TicketPortal.Setup;

namespace TicketPortal.Mail;

/// <summary>E-mail to buyers: a confirmation with the QR codes when a ticket is paid, a message when it is refunded
/// (also how an event's cancellation reaches them). Queued with the change, sent by a Hangfire job over SMTP
/// (MailKit), or to the development mailbox page when no SMTP is configured in Development. Account mail (a password
/// reset, an address to confirm, a place on an event's door staff) goes the same way.</summary>
public static class MailFeature
{
    public static WebApplicationBuilder AddMail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section);
        builder.Services.AddMailServices();
        builder.Services.AddScoped<MailComposer>();
        builder.Services.AddScoped<AccountMessages>();
        builder.Services.AddSingleton<MailParts>();
        builder.Services.AddSingleton<IEmailSender<PortalUser>, QueuedEmailSender>();
        builder.Services.AddScoped<MailJobs>();
        builder.Services.AddSingleton<MailNudge>();
        return builder;
    }

    public static WebApplication MapMail(this WebApplication app)
    {
        // The minute's round is the retry; a save that queues mail starts a round at once.
        app.AddRecurringJob<MailJobs>(MailJobs.SendId, j => j.SendDueAsync(CancellationToken.None), "Mail:SendCron", "* * * * *");
        app.Services.GetRequiredService<OutboxSignal>().OnMailQueued = app.Services.GetRequiredService<MailNudge>().Queued;

        var options = app.Configuration.GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();
        if (options.UsesMailbox(app.Environment))
            app.Logger.LogWarning("No Mail:Smtp:Host: e-mail goes to the development mailbox at /mailbox, not to its recipients.");
        else if (!options.HasSmtp)
            app.Logger.LogWarning("No Mail:Smtp:Host: e-mail to buyers waits in the database and is sent once Mail:Smtp is configured.");
        return app;
    }
}
