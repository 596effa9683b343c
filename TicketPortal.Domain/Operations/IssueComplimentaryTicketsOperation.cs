using System.Net.Mail;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Events;
using TicketPortal.Domain.Payments;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.Operations;

/// <summary>IssueComplimentaryTickets: a paid-at-zero ticket for each e-mail address, within capacity; an address
/// without an account gets one (it signs in after setting a password). All or nothing: if the places are not
/// there, or the event is not on sale, nothing is issued and no account is made.</summary>
public sealed class IssueComplimentaryTicketsOperation(PortalDbContext db, UserManager<PortalUser> users, IInventory inventory, TimeProvider clock)
    : IOperationHandler
{
    public const string Name = "IssueComplimentaryTickets";
    public const int MaxAttendees = 500;
    public const int MaxPerAttendee = 10;

    public string Operation => Name;

    public sealed record Input(Guid EventId, Guid? PriceTierId, IReadOnlyList<string> Emails, int Quantity);

    /// <summary>Checks the request's shape before a ticket is issued for it.</summary>
    public static IReadOnlyList<FieldError> Validate(IReadOnlyList<string>? emails, int? quantity, object owner)
    {
        var errors = new List<FieldError>();
        if (emails is null || emails.Count == 0)
            errors.Add(new("emails", "emails must name at least one attendee.", owner, "Emails"));
        else if (emails.Count > MaxAttendees)
            errors.Add(new("emails", $"emails may name at most {MaxAttendees} attendees.", owner, "Emails"));
        else
        {
            for (var i = 0; i < emails.Count; i++)
                if (string.IsNullOrWhiteSpace(emails[i]) || emails[i].Length > 256 || !MailAddress.TryCreate(emails[i].Trim(), out _))
                    errors.Add(new($"emails[{i}]", $"'{emails[i]}' is not an e-mail address.", owner, "Emails"));
            if (emails.Select(e => e?.Trim().ToUpperInvariant()).Distinct().Count() != emails.Count)
                errors.Add(new("emails", "emails must not repeat an address.", owner, "Emails"));
        }
        if (quantity is < 1 or > MaxPerAttendee)
            errors.Add(new("quantity", $"quantity must be between 1 and {MaxPerAttendee}.", owner, "Quantity"));
        return errors;
    }

    public async Task<OperationOutcome> RunAsync(OperationTicket ticket, Func<int, Task> progress, CancellationToken ct)
    {
        var input = JsonSerializer.Deserialize<Input>(ticket.Input) ?? throw new InvalidOperationException("The operation has no input.");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // A run whose tickets committed but whose outcome was not saved (a crash in between) is not repeated:
        // the payment records carry this operation's id.
        var marker = $"comp_{ticket.Id:N}_";
        if (await db.TicketPayments.AnyAsync(p => p.PaymentId.StartsWith(marker), ct))
            return OperationOutcome.Success;
        var e = await db.Events.AsNoTracking().Include(x => x.Tiers).FirstOrDefaultAsync(x => x.Id == input.EventId, ct);
        if (e is null)
            return Invalid("EventId", $"Event '{input.EventId}' does not exist.");
        if (e.Status != EventStatus.Published || e.StartDate <= now)
            return Invalid("EventId", "Complimentary tickets can only be issued for a published event that has not started.");
        var tier = input.PriceTierId is { } tierId ? e.Tiers.FirstOrDefault(t => t.Id == tierId) : e.Tiers.OrderBy(t => t.SortOrder).FirstOrDefault();
        if (tier is null)
            return Invalid("PriceTierId", "priceTierId is not a tier of this event.");
        var wanted = input.Emails.Count * input.Quantity;
        if (wanted > e.Remaining)
            return Invalid("Emails", $"Only {e.Remaining} places are left; {wanted} were asked for.");

        var done = 0;
        foreach (var email in input.Emails.Select(x => x.Trim()))
        {
            var user = await users.FindOrCreateAsync(email);
            var comp = Ticket.Complimentary(e, tier, user.Id, input.Quantity, now);
            if (await inventory.TryTakeAsync(comp, now, ct) is { } refused)
                return Invalid("Emails", refused.Message); // bought out meanwhile: the transaction rolls back everything
            db.Tickets.Add(comp);
            db.TicketPayments.Add(TicketPayment.WithoutCharge(comp, $"{marker}{done}"));
            await db.SaveChangesAsync(ct);
            await progress(++done);
        }
        await tx.CommitAsync(ct);
        return OperationOutcome.Success;
    }

    private static OperationOutcome Invalid(string member, string message) => new([new OperationDetails.ValidationResult(member, message)]);
}
