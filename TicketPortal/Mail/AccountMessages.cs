using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using TicketPortal.Components;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Mail;
using static TicketPortal.Mail.MailParts;

namespace TicketPortal.Mail;

/// <summary>Writes the messages about an account. Their tokens are made now, when the message is sent, so none waits
/// in the database; each is the kind Identity checks (a reset token, an e-mail confirmation token), base64url-encoded
/// as Identity's own <c>/api/v1/auth</c> endpoints expect.</summary>
public sealed class AccountMessages(PortalDbContext db, UserManager<PortalUser> users, MailParts parts)
{
    public const string ResetPath = "/account/reset-password";

    public async Task<(MimeMessage? Message, string? Nothing)> ComposeAsync(MailMessage queued, CancellationToken ct)
    {
        // A reset asked for by address names its account only now, so the form took as long either way.
        var user = queued.UserId.Length > 0 ? await users.FindByIdAsync(queued.UserId)
            : queued.ToAddress is { Length: > 0 } asked ? await users.FindByEmailAsync(asked) : null;
        if (user?.Email is not { Length: > 0 } email)
            return (null, queued.UserId.Length > 0 ? "The account no longer exists." : "No account uses this address.");
        if (queued.UserId.Length == 0)
            queued.AddressedTo(user.Id);
        var name = user.DisplayName ?? email;
        var lines = new List<(string Text, string? Link)>();
        string subject;
        switch (queued.Kind)
        {
            case MailKinds.PasswordReset:
                subject = "Choose a new TicketPortal password";
                lines.Add(("Someone, hopefully you, asked to reset the password of your TicketPortal account.", null));
                lines.Add(("Choose a new password", await ResetLinkAsync(user, email)));
                lines.Add(("The link works once, for a day. If you did not ask for it, ignore this message: your password stays as it is.", null));
                break;
            case MailKinds.EmailConfirmation:
                if (user.EmailConfirmed)
                    return (null, "The address is confirmed already.");
                subject = "Confirm your e-mail address for TicketPortal";
                lines.Add(("Please confirm that this is your address.", null));
                lines.Add(("Confirm my address", ConfirmLink(user, await users.GenerateEmailConfirmationTokenAsync(user))));
                break;
            case MailKinds.EmailChange:
                if (queued.ToAddress is not { Length: > 0 } newAddress || string.Equals(newAddress, email, StringComparison.OrdinalIgnoreCase))
                    return (null, "The account uses this address already.");
                subject = "Confirm your new e-mail address for TicketPortal";
                lines.Add((I($"Please confirm that your TicketPortal account should use {newAddress} from now on. Until you do, it keeps {email}."), null));
                lines.Add(("Use this address", ConfirmLink(user, await users.GenerateChangeEmailTokenAsync(user, newAddress), newAddress)));
                email = newAddress; // sent to the new address: that is what it proves
                break;
            case MailKinds.DoorStaffAdded:
                if (queued.EventId is not { } eventId
                    || !await db.DoorStaff.AnyAsync(s => s.EventId == eventId && s.UserId == user.Id, ct)
                    || await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId, ct) is not { } e)
                    return (null, "The recipient is no longer on that event's door staff.");
                subject = $"You check tickets in at {e.Title}";
                lines.Add((I($"You can now check tickets in at {e.Title} ({Money.When(e.StartDate)}, {e.Venue}). Open the scanner on a phone or laptop with a camera."), null));
                if (!await users.HasPasswordAsync(user))
                    lines.Add(("Your account is new: choose a password first", await ResetLinkAsync(user, email)));
                lines.Add(("Open the scanner", I($"{parts.BaseUrl()}/organizer/events/{eventId}/check-in")));
                break;
            default:
                return (null, $"No message is written for '{queued.Kind}'.");
        }

        var html = new StringBuilder(I($"<p>Hello {H(name)},</p>"));
        var text = new StringBuilder(I($"Hello {name},")).AppendLine().AppendLine();
        foreach (var (line, link) in lines)
        {
            html.Append(link is null ? I($"<p>{H(line)}</p>") : I($"<p><a href=\"{H(link)}\">{H(line)}</a></p>"));
            text.AppendLine(link is null ? line : $"{line}: {link}").AppendLine();
        }
        return (parts.Envelope(subject, new BodyBuilder { HtmlBody = html.ToString(), TextBody = text.ToString() }, name, email), null);
    }

    private async Task<string> ResetLinkAsync(PortalUser user, string email) =>
        I($"{parts.BaseUrl()}{ResetPath}?email={Uri.EscapeDataString(email)}&code={Encode(await users.GeneratePasswordResetTokenAsync(user))}");

    /// <summary>Identity's <c>confirmEmail</c> endpoint with the token; with <paramref name="changedEmail"/>, the change to it.</summary>
    private string ConfirmLink(PortalUser user, string token, string? changedEmail = null) =>
        I($"{parts.BaseUrl()}/api/v1/auth/confirmEmail?userId={Uri.EscapeDataString(user.Id)}&code={Encode(token)}")
        + (changedEmail is null ? "" : $"&changedEmail={Uri.EscapeDataString(changedEmail)}");

    private static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
}
