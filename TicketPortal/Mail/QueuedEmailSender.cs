using Microsoft.AspNetCore.Identity;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Mail;

namespace TicketPortal.Mail;

/// <summary>Identity's e-mail (the <c>/api/v1/auth</c> register, resendConfirmationEmail and forgotPassword endpoints)
/// through the portal's mail queue. The link or code Identity made is not kept: the sending job makes a fresh one of
/// the same kind when it writes the message. A singleton, because Identity's endpoints take it when they are mapped.</summary>
public sealed class QueuedEmailSender(IServiceScopeFactory scopes) : IEmailSender<PortalUser>
{
    /// <summary>To the account's address, a confirmation; to another (Identity's manage/info with a newEmail), the
    /// link that moves the account there.</summary>
    public Task SendConfirmationLinkAsync(PortalUser user, string email, string confirmationLink) =>
        string.Equals(email, user.Email, StringComparison.OrdinalIgnoreCase)
            ? QueueAsync(MailKinds.EmailConfirmation, user)
            : QueueAsync(MailKinds.EmailChange, user, email);

    public Task SendPasswordResetLinkAsync(PortalUser user, string email, string resetLink) => QueueAsync(MailKinds.PasswordReset, user);

    public Task SendPasswordResetCodeAsync(PortalUser user, string email, string resetCode) => QueueAsync(MailKinds.PasswordReset, user);

    private async Task QueueAsync(string kind, PortalUser user, string? toAddress = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountMail>().QueueAsync(kind, user.Id, toAddress);
    }
}
