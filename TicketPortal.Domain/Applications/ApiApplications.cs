using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Accounts;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;

namespace TicketPortal.Domain.Applications;

/// <summary>Why a caller's PAC headers were not accepted.</summary>
public enum ApplicationRefusal
{
    UnknownOrWrongKey,
    WrongChannel,
    NotYours,
    /// <summary>Its organizer may no longer organize (the role was taken away, or the account is locked).</summary>
    OrganizerWithoutAccess,
}

/// <summary>A new application with its key, which is shown this once.</summary>
public sealed record RegisteredApplication(ApiApplication App, string Key);

/// <summary>Organizers register, list and revoke their API applications; the lock and unlock routes verify them.</summary>
public sealed class ApiApplications(PortalDbContext db, Seats.SeatLocks seatLocks, UserManager<PortalUser> users, TimeProvider clock)
{
    /// <summary>How stale <see cref="ApiApplication.LastUsedAt"/> may get: a device polling its door does not write on every call.</summary>
    public static readonly TimeSpan UseRecordedEvery = TimeSpan.FromMinutes(1);

    public async Task<Result<RegisteredApplication>> RegisterAsync(Actor actor, ApiApplicationDraft draft, CancellationToken ct = default)
    {
        var errors = draft.Validate();
        if (errors.Count > 0)
            return Failure.Invalid(errors);
        // Only one's own event: an application acts for the organizer who registered it.
        if (draft.EventId is { } eventId && !await db.Events.AnyAsync(e => e.Id == eventId && e.OrganizerId == actor.UserId, ct))
            return Failure.Invalid([new("eventId", $"eventId {eventId} is not one of your events.", draft, nameof(draft.EventId))]);
        var id = draft.ApplicationId!.Trim();
        if (await db.ApiApplications.AnyAsync(a => a.ApplicationId == id, ct))
            return Failure.Conflict($"An application '{id}' is already registered; choose another application ID.");
        var (app, key) = ApiApplication.Register(actor.UserId, draft);
        db.ApiApplications.Add(app);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Registered by a racing call between the check and the insert (the unique index decided).
            return Failure.Conflict($"An application '{id}' is already registered; choose another application ID.");
        }
        return new RegisteredApplication(app, key);
    }

    public Task<List<ApiApplication>> ListAsync(Actor actor, CancellationToken ct = default) =>
        db.ApiApplications.AsNoTracking().Where(a => a.OrganizerId == actor.UserId)
            .OrderBy(a => a.RevokedAt != null).ThenByDescending(a => a.CreatedAt).ToListAsync(ct);

    /// <summary>The titles of the events these applications are scoped to, for lists that name them.</summary>
    public async Task<Dictionary<Guid, string>> EventTitlesAsync(IEnumerable<ApiApplication> apps, CancellationToken ct = default)
    {
        var ids = apps.Where(a => a.EventId is not null).Select(a => a.EventId!.Value).Distinct().ToList();
        return ids.Count == 0 ? [] : await db.Events.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Title, ct);
    }

    public async Task<Result<ApiApplication>> RevokeAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var app = await db.ApiApplications.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (app is null || (app.OrganizerId != actor.UserId && !actor.IsAdmin))
            return Failure.NotFound($"Application {id} was not found.");
        app.Revoke(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        // Its listings end with it: otherwise no application could ever unlock those seats.
        await seatLocks.EndListingsOfAsync(app.Id, ct);
        return app;
    }

    /// <summary>The application the headers name, if its key is right, it is not revoked, the channel is its
    /// channel and the signed-in caller is its organizer.</summary>
    public async Task<(ApiApplication? App, ApplicationRefusal? Refusal)> VerifyAsync(
        string applicationId, string key, string channelCode, Actor caller, CancellationToken ct = default)
    {
        var (app, refusal) = await VerifyKeyAsync(applicationId, key, channelCode, ct);
        if (app is not null && app.OrganizerId != caller.UserId && !caller.IsAdmin)
            return (null, ApplicationRefusal.NotYours);
        return (app, refusal);
    }

    /// <summary>The application the headers name, if its key is right, it is not revoked and the channel is its channel:
    /// the door's check-in, where a scanning device acts as its application with no one signed in.</summary>
    public async Task<(ApiApplication? App, ApplicationRefusal? Refusal)> VerifyKeyAsync(
        string applicationId, string key, string channelCode, CancellationToken ct = default)
    {
        var app = await db.ApiApplications.AsNoTracking().FirstOrDefaultAsync(a => a.ApplicationId == applicationId, ct);
        if (app is null || app.IsRevoked || !app.KeyMatches(key))
            return (null, ApplicationRefusal.UnknownOrWrongKey);
        if (!string.Equals(app.ChannelCode, channelCode, StringComparison.Ordinal))
            return (null, ApplicationRefusal.WrongChannel);
        // An application acts for its organizer: it stops when they may no longer organize.
        if (await users.FindByIdAsync(app.OrganizerId) is not { } organizer || await users.IsLockedOutAsync(organizer)
            || !(await users.GetRolesAsync(organizer)).Any(r => r is Roles.Organizer or Roles.Admin))
            return (null, ApplicationRefusal.OrganizerWithoutAccess);
        var now = clock.GetUtcNow().UtcDateTime;
        // Parallel calls of one application all record their use: no version check, last writer wins.
        if (app.LastUsedAt is not { } used || now - used > UseRecordedEvery)
            await db.ApiApplications.Where(a => a.Id == app.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastUsedAt, now), ct);
        return (app, null);
    }

    /// <summary>Development's demo application, with the key the README's curl examples use.</summary>
    public async Task EnsureDemoAsync(string organizerId, ApiApplicationDraft draft, string key, CancellationToken ct = default)
    {
        if (await db.ApiApplications.AnyAsync(a => a.ApplicationId == draft.ApplicationId, ct))
            return;
        db.ApiApplications.Add(ApiApplication.Register(organizerId, draft, key).App);
        await db.SaveChangesAsync(ct);
    }
}
