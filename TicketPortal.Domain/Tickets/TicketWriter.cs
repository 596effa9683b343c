using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TicketPortal.Domain.Common;
using TicketPortal.Domain.Data;
using TicketPortal.Domain.Events;
using TicketPortal.Domain.Payments;

namespace TicketPortal.Domain.Tickets;

/// <summary>The one piece the ticket services share. Every state change saves with the ticket's recordVersion as
/// a concurrency token and is retried on conflict after a reload, so two paths racing (webhook and browser
/// return, two job servers) end in one outcome; inventory moves in the same transaction as the status that
/// explains it.</summary>
public sealed class TicketWriter(PortalDbContext db, IInventory inventory, TimeProvider clock, ILogger<TicketWriter> log)
{
    private const int Attempts = 4;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Runs an attempt again on a fresh change tracker when another writer got there first.</summary>
    public async Task<Result<TicketView>> RetryAsync(Func<Task<Result<TicketView>>> attempt)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (DbUpdateException ex) when (i < Attempts)
            {
                log.LogDebug(ex, "Ticket change conflicted; retrying ({Attempt})", i);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Inserts a new ticket and takes its inventory, atomically; nothing is saved when the inventory or
    /// <paramref name="precondition"/> says no. The inventory is taken first: its UPDATE locks the event's row
    /// until commit, so a precondition counting the buyer's places (the per-buyer limit) sees every ticket a
    /// racing hold committed, on any database.</summary>
    public async Task<Failure?> SaveTakingAsync(Ticket ticket, Func<Task<Failure?>> precondition, CancellationToken ct)
    {
        await using var tx = await BeginOrJoinAsync(ct);
        if (await inventory.TryTakeAsync(ticket, Now, ct) is { } refused)
            return refused;
        if (await precondition() is { } unmet)
            return unmet; // disposing the transaction rolls the take back
        db.Tickets.Add(ticket);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A seat was locked or changed after it was read: this buyer loses it, nobody is sold it twice.
            return Failure.Conflict("A seat you picked was just taken or locked. Pick again.");
        }
        await tx.CommitAsync(ct);
        return null;
    }

    /// <summary>Marks the ticket paid and what it held sold; the caller saves.</summary>
    public async Task MarkPaidAsync(Ticket ticket, CancellationToken ct)
    {
        ticket.MarkPaid(Now);
        await inventory.SellAsync(ticket, ct);
    }

    /// <summary>Why the ticket's inventory may not change now (a locked seat), or null.</summary>
    public Task<Failure?> CheckMovableAsync(Ticket ticket, CancellationToken ct) => inventory.CheckMovableAsync(ticket, ct);

    /// <summary>Saves a ticket whose late payment wants its inventory back, if the inventory still has it.</summary>
    public async Task<bool> SaveRetakingAsync(Ticket ticket, Action markPaid, CancellationToken ct)
    {
        await using var tx = await BeginOrJoinAsync(ct);
        if (!await inventory.TryRetakeAsync(ticket, ct))
            return false;
        markPaid();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Saves a ticket that stopped taking inventory and gives it back, atomically, with the status that
    /// explains why. <paramref name="tookInventory"/> is whether it took any before this change (an expired ticket
    /// gave its places back already), read with <see cref="TicketStatuses.TakesInventory"/> before the change.</summary>
    public async Task SaveReleasingAsync(Ticket ticket, bool tookInventory, CancellationToken ct)
    {
        if (!tookInventory)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        await using var tx = await BeginOrJoinAsync(ct);
        await db.SaveChangesAsync(ct);
        await inventory.ReleaseAsync(ticket, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>A transaction of its own, or the caller's when one is open. When a route commits (its event must
    /// commit with its change, <see cref="PortalDbContext.RouteCommits"/>), the transaction begun here is the
    /// route's: committing and disposing it are left to the route.</summary>
    private async Task<Transaction> BeginOrJoinAsync(CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
            return new Transaction(null);
        var own = await db.Database.BeginTransactionAsync(ct);
        return new Transaction(db.RouteCommits ? null : own);
    }

    private sealed class Transaction(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? own) : IAsyncDisposable
    {
        public Task CommitAsync(CancellationToken ct) => own?.CommitAsync(ct) ?? Task.CompletedTask;
        public ValueTask DisposeAsync() => own?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    /// <summary>The ticket's newest active payment record (its current checkout).</summary>
    public Task<TicketPayment?> CurrentPaymentAsync(Guid ticketId, bool tracked, CancellationToken ct) =>
        tracked ? CurrentPayment(db, ticketId, ct) : UntrackedCurrentPayment(db, ticketId, ct);

    /// <summary>The same, untracked, for code that has a context but no writer (the ticket's index event).</summary>
    internal static Task<TicketPayment?> CurrentPaymentOfAsync(PortalDbContext db, Guid ticketId, CancellationToken ct) =>
        UntrackedCurrentPayment(db, ticketId, ct);

    // Compiled: every ticket read asks for its payment, and EF's per-call query preparation cost more than the
    // query. (A compiled query cannot share a helper's IQueryable, hence the two spellings of one query.)
    private static readonly Func<PortalDbContext, Guid, CancellationToken, Task<TicketPayment?>> CurrentPayment =
        EF.CompileAsyncQuery((PortalDbContext db, Guid ticketId, CancellationToken _) =>
            db.TicketPayments.Where(p => p.OrderId == ticketId && p.IsActive).OrderByDescending(p => p.CreatedAt).FirstOrDefault());

    private static readonly Func<PortalDbContext, Guid, CancellationToken, Task<TicketPayment?>> UntrackedCurrentPayment =
        EF.CompileAsyncQuery((PortalDbContext db, Guid ticketId, CancellationToken _) =>
            db.TicketPayments.AsNoTracking().Where(p => p.OrderId == ticketId && p.IsActive).OrderByDescending(p => p.CreatedAt).FirstOrDefault());

    public Task<bool> EventCancelledAsync(Guid eventId, CancellationToken ct) =>
        db.Events.AnyAsync(e => e.Id == eventId && e.Status == EventStatus.Cancelled, ct);

    /// <summary>Holders, their event's organizer and admins see a ticket; to anyone else it does not exist.</summary>
    public static bool CanSee(Actor actor, Ticket ticket) =>
        actor.IsAdmin || ticket.UserId == actor.UserId || ticket.OrganizerId == actor.UserId;

    public static Failure NotFound(Guid id) => Failure.NotFound($"Ticket {id} was not found.");
}
