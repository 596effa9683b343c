using Microsoft.Extensions.DependencyInjection;

namespace TicketPortal.Domain.Mail;

public static class MailRegistration
{
    /// <summary>E-mail: queued with the changes it tells of (<see cref="MailCapture"/>), claimed and marked here.</summary>
    public static IServiceCollection AddMailServices(this IServiceCollection services) => services.AddScoped<MailOutbox>().AddScoped<AccountMail>();
}
