using Microsoft.EntityFrameworkCore.Diagnostics;
using System.Data.Common;

namespace TicketPortal.Domain.Realtime;

/// <summary>The outbox's settings and its doorbell: a save (or commit) that wrote events rings it so the
/// dispatcher wakes at once instead of at its next poll; likewise for queued e-mail.</summary>
public sealed class OutboxSignal(Publications publications) : IDisposable
{
    private readonly SemaphoreSlim bell = new(0, 1);

    public Publications Publications { get; } = publications;
    public Topics Topics => Publications.Topics;

    /// <summary>Given each commit's events, in commit order, when something in this process delivers them at once
    /// (the web host's OutboxHandoff, on SQLite); null otherwise.</summary>
    public Action<IReadOnlyList<OutboxMessage>>? OnCommitted { get; set; }

    /// <summary>A commit wrote these events: hand them on, and wake the dispatcher.</summary>
    public void Committed(IReadOnlyList<OutboxMessage> events)
    {
        if (events.Count > 0)
            OnCommitted?.Invoke(events);
        Notify();
    }

    /// <summary>Told when committed saves queued e-mail (the web host starts its sending job then, rather than at its
    /// next round). It must not throw: the change is saved already.</summary>
    public Action? OnMailQueued { get; set; }

    public void MailQueued() => OnMailQueued?.Invoke();

    public void Notify()
    {
        try
        {
            if (bell.CurrentCount == 0)
                bell.Release();
        }
        catch (SemaphoreFullException)
        {
            // Rung already: one wake-up reads everything that is waiting.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => bell.WaitAsync(timeout, ct);

    public void Dispose() => bell.Dispose();
}

/// <summary>Hands on the events of a transaction at its commit (they become visible only then) and drops them at its
/// rollback.</summary>
public sealed class OutboxCommitInterceptor(OutboxSignal signal) : DbTransactionInterceptor
{
    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        (eventData.Context as Data.PortalDbContext)?.TransactionStarting();
        return result;
    }

    public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TransactionStarting(connection, eventData, result));

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is not Data.PortalDbContext db)
            return;
        if (db.HasUncommittedEvents)
            signal.Committed(db.TakeUncommittedEvents());
        if (db.TakeUncommittedMail())
            signal.MailQueued();
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is Data.PortalDbContext db)
        {
            db.TakeUncommittedEvents();
            db.TakeUncommittedMail();
        }
    }
}
