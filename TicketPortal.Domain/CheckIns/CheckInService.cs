using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Tickets;

namespace TicketPortal.Domain.CheckIns;

/// <summary>A scan at the door: who the code admits, or why not.</summary>
public sealed record CheckInInput(string? Code, Guid? EventId, string? Device);

/// <summary>The holder as the door sees them, with the admission that was let in.</summary>
public sealed record Admitted(CheckInDto CheckIn, string HolderName, int AdmissionsOfTicket);

/// <summary>The first scan of a valid code admits (<see cref="Admitted"/>); a repeat finds the first
/// (<see cref="Already"/>). Every other answer is a <see cref="Failure"/>.</summary>
public sealed record CheckInOutcome(Admitted? Admitted, CheckInDto? Already);

/// <summary>Checks admission codes in at an event's door: its organizer, its door staff (or an admin) scan; the first scan of a valid
/// code admits its holder, a second is refused with when and where the first was; codes of refunded, cancelled,
/// expired or transferred tickets are void.</summary>
public sealed class CheckInService(PortalDbContext db, AdmissionCodes codes, DoorStaff staff, TimeProvider clock)
{
    public const int DeviceMaxLength = 120;
    public const string UnnamedDevice = "unnamed scanner";

    public async Task<Result<CheckInOutcome>> CheckInAsync(DoorScanner scanner, CheckInInput input, CancellationToken ct = default)
    {
        if (input.Device is { Length: > DeviceMaxLength })
            return Failure.Invalid([new("device", $"device is at most {DeviceMaxLength} characters.", input, nameof(input.Device))]);
        if (string.IsNullOrWhiteSpace(input.Code))
            return Failure.Invalid([new("code", "code is required: the text of the admission's QR code.", input, nameof(input.Code))]);
        if (AdmissionCodes.Parse(input.Code.Trim()) is not { } claim)
            return Failure.Unprocessable(new("code", "This is not a TicketPortal admission code.", input, nameof(input.Code)));

        for (var attempt = 1; ; attempt++)
        {
            var (found, refused) = await CheckableAsync(claim, scanner, input, ct);
            if (found is not { } ticket)
                return refused!;
            if (await FirstAsync(claim, ct) is { } first)
                return new CheckInOutcome(null, first);
            var device = string.IsNullOrWhiteSpace(input.Device) ? scanner.Application?.Name ?? UnnamedDevice : input.Device.Trim();
            var checkIn = CheckIn.Of(ticket, claim.Number, AdmissionCodes.SeatOf(ticket, claim.Number), scanner, device, clock.GetUtcNow().UtcDateTime);

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // The ticket as it was checked, held until the commit: a refund or transfer that committed since matches
            // nothing here (and the code is checked again); one that comes later waits for this check-in, then goes on.
            if (await db.Tickets.Where(t => t.Id == ticket.Id && t.RecordVersion == ticket.RecordVersion)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.RecordVersion, t => t.RecordVersion), ct) == 0)
            {
                await tx.RollbackAsync(ct);
                if (attempt < MaxAttempts)
                    continue;
                return Failure.Conflict("The ticket changed while it was being scanned. Scan it again.");
            }
            db.CheckIns.Add(checkIn);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another scan of the same code was saved between our look and our save: it admitted, this one did not.
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                if (await FirstAsync(claim, ct) is { } winner)
                    return new CheckInOutcome(null, winner);
                throw;
            }
            var holder = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == ticket.UserId, ct);
            return new CheckInOutcome(new Admitted(CheckInDto.From(checkIn), AccountDirectory.NameOf(holder), AdmissionCodes.AdmissionCount(ticket)), null);
        }
    }

    private const int MaxAttempts = 3;

    /// <summary>The ticket the code admits to, as it is now, or why the code does not admit here.</summary>
    private async Task<(Ticket? Ticket, Failure? Refused)> CheckableAsync(AdmissionClaim claim, DoorScanner scanner, CheckInInput input, CancellationToken ct)
    {
        var ticket = await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == claim.TicketId, ct);
        if (ticket is null)
            return (null, Failure.NotFound("No ticket has this code."));
        // "Not this door's" first: the scanner says so whoever holds it.
        if ((input.EventId ?? scanner.EventScope) is { } eventId && eventId != ticket.EventId)
            return (null, Failure.NotFound("This code is for another event."));
        if (!await staff.MayScanAsync(scanner, ticket.EventId, ticket.OrganizerId, ct))
            return (null, Failure.Forbidden("Only the event's organizer and its door staff check its tickets in."));
        if (!await codes.IsSignedForAsync(claim, ticket.UserId, ct))
            return (null, Failure.Unprocessable(new("code", "This code is void: the ticket has changed hands since it was issued, or the portal did not issue it.", input, nameof(input.Code))));
        if (claim.Number < 1 || claim.Number > AdmissionCodes.AdmissionCount(ticket))
            return (null, Failure.Unprocessable(new("code", "This code names an admission the ticket does not have.", input, nameof(input.Code))));
        if (ticket.Status != TicketStatus.Paid || !ticket.IsActive)
            return (null, Failure.Unprocessable(new("code", $"This code is void: the ticket is {ticket.Status.ToString().ToLowerInvariant()}{(ticket.IsActive ? "" : " and deleted")}.", input, nameof(input.Code))));
        return (ticket, null);
    }

    /// <summary>An event's door at a glance: admissions checked in of those sold, and the latest scans.</summary>
    public async Task<Result<DoorSummary>> SummaryAsync(DoorScanner scanner, Guid eventId, int recent, CancellationToken ct = default)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null)
            return Failure.NotFound($"Event {eventId} was not found.");
        if (!await staff.MayScanAsync(scanner, eventId, e.OrganizerId, ct))
            return Failure.Forbidden("Only the event's organizer and its door staff see its door.");
        // AdmissionCodes.AdmissionCount, summed by the database rather than over every paid ticket read into memory.
        var admissions = await db.Tickets.Where(t => t.EventId == eventId && t.Status == TicketStatus.Paid && t.IsActive)
            .SumAsync(t => t.Seats.Count > 0 ? t.Seats.Count : t.Quantity, ct);
        // Of the admissions that count now: a ticket refunded or passed on after its check-in drops out of both figures.
        var checkedIn = await db.CheckIns.CountAsync(c => c.EventId == eventId
            && db.Tickets.Any(t => t.Id == c.TicketId && t.Status == TicketStatus.Paid && t.IsActive && t.UserId == c.HolderUserId), ct);
        var latest = await db.CheckIns.AsNoTracking().Where(c => c.EventId == eventId).OrderByDescending(c => c.CheckedInAt).Take(recent).ToListAsync(ct);
        return new DoorSummary(eventId, e.Title, checkedIn, admissions, [.. latest.Select(CheckInDto.From)]);
    }

    private Task<CheckInDto?> FirstAsync(AdmissionClaim claim, CancellationToken ct) =>
        db.CheckIns.AsNoTracking().Where(c => c.TicketId == claim.TicketId && c.Number == claim.Number)
            .Select(c => CheckInDto.From(c)).FirstOrDefaultAsync(ct);
}

/// <summary>CheckedIn of Admissions: the paid admissions (places, or seats) of the event.</summary>
public sealed record DoorSummary(Guid EventId, string Title, int CheckedIn, int Admissions, IReadOnlyList<CheckInDto> Recent);
