using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Events;
using TicketPortal.Domain.Mail;

namespace TicketPortal.Domain.CheckIns;

/// <summary>A person the organizer lets check tickets in at one event's door, and nothing else: the grant is per event,
/// on an ordinary account (made for the e-mail address if there is none yet).</summary>
public sealed class DoorStaffMember
{
    private DoorStaffMember() { }

    public DoorStaffMember(Guid eventId, string userId, string email, string addedBy, DateTime now) =>
        (EventId, UserId, Email, AddedByUserId, AddedAt) = (eventId, userId, email, addedBy, now);

    public Guid EventId { get; private set; }
    public string UserId { get; private set; } = "";
    public string Email { get; private set; } = "";
    public string AddedByUserId { get; private set; } = "";
    public DateTime AddedAt { get; private set; }
}

internal sealed class DoorStaffMemberConfiguration : IEntityTypeConfiguration<DoorStaffMember>
{
    public void Configure(EntityTypeBuilder<DoorStaffMember> d)
    {
        d.HasKey(x => new { x.EventId, x.UserId });
        d.Property(x => x.UserId).HasMaxLength(450);
        d.Property(x => x.Email).HasMaxLength(256).IsRequired();
        d.Property(x => x.AddedByUserId).HasMaxLength(450).IsRequired();
        d.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        d.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        d.HasIndex(x => x.UserId);
    }
}

public sealed record DoorStaffDto(Guid EventId, string UserId, string Email, DateTime AddedAt)
{
    public static DoorStaffDto From(DoorStaffMember m) => new(m.EventId, m.UserId, m.Email, m.AddedAt);
}

/// <summary>An event's door staff: its organizer adds and removes them by e-mail; the door asks who may scan.</summary>
public sealed class DoorStaff(PortalDbContext db, UserManager<PortalUser> users, TimeProvider clock)
{
    private static readonly TimeSpan DoorMailInterval = TimeSpan.FromHours(1);

    /// <summary>Whether the scanner may check tickets in at the event's door: its organizer, an admin, its door staff, or
    /// an application of its organizer's that reaches the event.</summary>
    public async Task<bool> MayScanAsync(DoorScanner scanner, Guid eventId, string organizerId, CancellationToken ct) =>
        scanner.Person is not { } actor
            ? scanner.Application!.Reaches(eventId, organizerId)
            : actor.IsAdmin || actor.UserId == organizerId
              || await db.DoorStaff.AnyAsync(s => s.EventId == eventId && s.UserId == actor.UserId, ct);

    public async Task<Result<IReadOnlyList<DoorStaffDto>>> ListAsync(Actor actor, Guid eventId, CancellationToken ct = default)
    {
        if (await ManagedAsync(actor, eventId, ct) is { } refused)
            return refused;
        return await db.DoorStaff.AsNoTracking().Where(s => s.EventId == eventId).OrderBy(s => s.Email)
            .Select(s => DoorStaffDto.From(s)).ToListAsync(ct);
    }

    public async Task<Result<DoorStaffDto>> AddAsync(Actor actor, Guid eventId, string? email, CancellationToken ct = default)
    {
        var address = email?.Trim();
        if (string.IsNullOrEmpty(address) || address.Length > 256 || !new EmailAddressAttribute().IsValid(address))
            return Failure.Invalid([new("email", "email must be an e-mail address.", actor, nameof(email))]);
        if (await ManagedAsync(actor, eventId, ct) is { } refused)
            return refused;
        PortalUser user;
        try
        {
            user = await users.FindOrCreateAsync(address);
        }
        catch (InvalidOperationException ex)
        {
            return Failure.Conflict($"No account could be made for {address}: {ex.Message}");
        }
        if (await db.DoorStaff.AsNoTracking().FirstOrDefaultAsync(s => s.EventId == eventId && s.UserId == user.Id, ct) is { } already)
            return DoorStaffDto.From(already);
        var now = clock.GetUtcNow().UtcDateTime;
        var member = new DoorStaffMember(eventId, user.Id, user.Email ?? address, actor.UserId, now);
        db.DoorStaff.Add(member);
        // Told by e-mail in the same save (with a link to choose a password if the account is new); of racing adds,
        // the one the key lets through sends it. Taken off and added back within the hour: told once.
        var since = now - DoorMailInterval;
        if (!await db.MailMessages.AnyAsync(m => m.UserId == user.Id && m.Kind == MailKinds.DoorStaffAdded && m.EventId == eventId && m.CreatedAt > since, ct))
            db.MailMessages.Add(MailMessage.ForAccount(MailKinds.DoorStaffAdded, user.Id, now, eventId));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Added by a racing call (the key decided): the same outcome. Anything else is not.
            db.ChangeTracker.Clear();
            if (!await db.DoorStaff.AnyAsync(s => s.EventId == eventId && s.UserId == user.Id, ct))
                throw;
        }
        return DoorStaffDto.From(member);
    }

    public async Task<Result<bool>> RemoveAsync(Actor actor, Guid eventId, string userId, CancellationToken ct = default)
    {
        if (await ManagedAsync(actor, eventId, ct) is { } refused)
            return refused;
        var removed = await db.DoorStaff.Where(s => s.EventId == eventId && s.UserId == userId).ExecuteDeleteAsync(ct);
        return removed > 0 ? (Result<bool>)true : Failure.NotFound($"{userId} is not door staff of this event.");
    }

    /// <summary>Whether the actor staffs any event's door.</summary>
    public Task<bool> StaffsAnyAsync(Actor actor, CancellationToken ct = default) =>
        db.DoorStaff.AnyAsync(s => s.UserId == actor.UserId, ct);

    /// <summary>The events whose door the actor staffs (not those they organize), soonest first.</summary>
    public Task<List<Event>> EventsOfAsync(Actor actor, CancellationToken ct = default) =>
        db.Events.AsNoTracking().Where(e => db.DoorStaff.Any(s => s.EventId == e.Id && s.UserId == actor.UserId))
            .OrderBy(e => e.StartDate).ToListAsync(ct);

    private async Task<Failure?> ManagedAsync(Actor actor, Guid eventId, CancellationToken ct)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null || !e.IsVisibleTo(actor))
            return Failure.NotFound($"Event {eventId} was not found.");
        return e.IsManagedBy(actor) ? null : Failure.Forbidden("Only the event's organizer chooses its door staff.");
    }
}
