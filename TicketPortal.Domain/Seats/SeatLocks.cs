using Microsoft.EntityFrameworkCore;
using TicketPortal.Domain.Applications;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Events;

namespace TicketPortal.Domain.Seats;

/// <summary>Seed 002's words: error types, their app error codes and the seat statuses a failure reports.</summary>
public static class SeatLockWords
{
    public const string InvalidToken = "INVALID_TOKEN";
    public const string UnprocessableEntity = "UNPROCESSABLE_ENTITY";
    public const string SeatRecordLocked = "SEAT_RECORD_LOCKED";
    public const string Ms422 = "MS-422";
    public const string Ms409 = "MS-409";
    public const string TokenIsInvalid = "Token is invalid";
    public const string SeatIsLocked = "Seat is locked";
    public const string TooManyTokens = "The request payload cannot contain more than 100 tokens";
    public const string UnableToProcess = "Unable to process the request.";
    public const int MaxTokens = 100;

    /// <summary>The status of a seat locked by another application.</summary>
    public const string Lock = "LOCK";
    /// <summary>The status of a seat in the middle of a checkout.</summary>
    public const string Held = "HELD";
}

public sealed record SeatLockSuccess(string Token, string OwnerId);

public sealed record SeatLockFailure(string Token, string? Status, string AppErrorCode, string DeveloperMessage, string Type, string OwnerId);

public sealed record SeatLockOutcome(IReadOnlyList<SeatLockSuccess> Success, IReadOnlyList<SeatLockFailure> Failure);

/// <summary>Lock (list) and unlock seats by token for one API application, token by token: each outcome stands
/// on its own (seed 002's partial failure, no rollback), and asking twice gives the same answer.</summary>
public sealed class SeatLocks(PortalDbContext db)
{
    private const int Attempts = 3;

    public Task<SeatLockOutcome> LockAsync(ApiApplication app, IReadOnlyList<string> tokens, CancellationToken ct = default) =>
        ApplyAsync(app, tokens, lockIt: true, ct);

    public Task<SeatLockOutcome> UnlockAsync(ApiApplication app, IReadOnlyList<string> tokens, CancellationToken ct = default) =>
        ApplyAsync(app, tokens, lockIt: false, ct);

    private async Task<SeatLockOutcome> ApplyAsync(ApiApplication app, IReadOnlyList<string> tokens, bool lockIt, CancellationToken ct)
    {
        var success = new List<SeatLockSuccess>();
        var failure = new List<SeatLockFailure>();
        foreach (var token in tokens.Distinct(StringComparer.Ordinal))
        {
            var (ok, failed) = await ApplyOneAsync(app, token, lockIt, ct);
            if (ok is not null)
                success.Add(ok);
            if (failed is not null)
                failure.Add(failed);
        }
        return new SeatLockOutcome(success, failure);
    }

    private async Task<(SeatLockSuccess?, SeatLockFailure?)> ApplyOneAsync(ApiApplication app, string token, bool lockIt, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            // Another organizer's token, or another event's for an application scoped to one, is as unknown as a made-up one.
            var seat = await db.Seats
                .Where(s => s.Token == token && (app.EventId == null || s.EventId == app.EventId)
                            && db.Events.Any(e => e.Id == s.EventId && e.OrganizerId == app.OrganizerId && e.Status != EventStatus.Cancelled))
                .FirstOrDefaultAsync(ct);
            if (seat is null)
                return (null, new(token, null, SeatLockWords.Ms422, SeatLockWords.TokenIsInvalid, SeatLockWords.InvalidToken, app.OrganizerId));
            var owner = seat.TicketId is { } ticketId && seat.Status == SeatStatus.Sold
                ? await db.Tickets.Where(t => t.Id == ticketId).Select(t => t.UserId).FirstAsync(ct)
                : app.OrganizerId;
            if (seat.IsLocked && seat.LockedBy != app.Id)
                return (null, Locked(token, SeatLockWords.Lock, owner));
            if (lockIt && seat.Status == SeatStatus.Held)
                return (null, Locked(token, SeatLockWords.Held, owner));
            if (seat.IsLocked == lockIt)
                return (new(token, owner), null);
            if (lockIt)
                seat.Lock(app.Id);
            else
                seat.Unlock();
            try
            {
                await db.SaveChangesAsync(ct);
                return (new(token, owner), null);
            }
            catch (DbUpdateConcurrencyException)
            {
                // A buyer or another call changed the seat meanwhile: decide again on what it is now.
                if (attempt == Attempts)
                    return (null, Locked(token, seat.Status.ToString().ToUpperInvariant(), owner));
            }
        }
    }

    /// <summary>Ends every listing on the event's seats (it was cancelled): a locked sold seat must be refundable.</summary>
    public Task EndListingsAsync(Guid eventId, CancellationToken ct = default) => UnlockWhereAsync(s => s.EventId == eventId, ct);

    /// <summary>Ends the listings of a revoked application, so its seats can be sold and refunded again.</summary>
    public Task EndListingsOfAsync(Guid applicationId, CancellationToken ct = default) => UnlockWhereAsync(s => s.LockedBy == applicationId, ct);

    private async Task UnlockWhereAsync(System.Linq.Expressions.Expression<Func<Seat, bool>> which, CancellationToken ct)
    {
        var locked = await db.Seats.Where(which).Where(s => s.IsLocked).ToListAsync(ct);
        foreach (var seat in locked)
            seat.Unlock();
        if (locked.Count > 0)
            await db.SaveChangesAsync(ct);
    }

    private static SeatLockFailure Locked(string token, string status, string owner) =>
        new(token, status, SeatLockWords.Ms409, SeatLockWords.SeatIsLocked, SeatLockWords.SeatRecordLocked, owner);
}
